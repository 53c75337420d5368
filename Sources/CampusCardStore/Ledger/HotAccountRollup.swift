import CampusCardCore
import Foundation
import SQLKit

/// Folds a hot account's pending entries into its balance row, so reading its balance stays
/// cheap. Exactly the entries it flips are added (`RETURNING`), so an entry committed while it
/// runs is either in this roll-up or the next, never lost or counted twice.
public struct HotAccountRollup: Sendable {
    let db: StoreDatabase

    public init(_ db: StoreDatabase) {
        self.db = db
    }

    /// Rolls up every hot account with pending entries; returns how many entries were folded.
    @discardableResult
    public func run() async throws -> Int {
        if db.isSQLite { return try await runInOneTransaction() }
        let accounts = try await db.sql.raw("SELECT DISTINCT account_id FROM entries WHERE pending")
            .all(decodingColumn: "account_id", as: Int64.self)
        var folded = 0
        for account in accounts {
            folded += try await rollUp(account)
        }
        return folded
    }

    /// SQLite: every account in one short transaction. It holds the file's only write lock, so no
    /// entry can arrive between adding the pending entries up and marking them folded; and one
    /// transaction of three statements, not one per account, keeps the lock from the charges'
    /// writer (`SQLiteWriter`) for the least time.
    private func runInOneTransaction() async throws -> Int {
        try await db.transaction { sql in
            let pending = try await sql.raw("SELECT count(*) AS n FROM entries WHERE pending").first(decodingColumn: "n", as: Int.self) ?? 0
            guard pending > 0 else { return 0 }
            try await sql.raw(
                """
                UPDATE accounts SET balance = balance + (SELECT sum(e.amount) FROM entries e WHERE e.account_id = accounts.id AND e.pending)
                WHERE id IN (SELECT account_id FROM entries WHERE pending)
                """
            ).run()
            try await sql.raw("UPDATE entries SET pending = \(bind: false) WHERE pending").run()
            return pending
        }
    }

    @discardableResult
    public func rollUp(_ accountID: AccountID) async throws -> Int {
        let lockClause = db.isSQLite ? "" : " FOR UPDATE"
        return try await db.transaction { sql in
            // One roll-up per account at a time; payments never lock this row.
            _ = try await sql.raw("SELECT id FROM accounts WHERE id = \(bind: accountID)\(unsafeRaw: lockClause)").all()
            let amounts = try await sql.raw(
                """
                UPDATE entries SET pending = \(bind: false) WHERE account_id = \(bind: accountID) AND pending RETURNING amount
                """
            ).all(decodingColumn: "amount", as: Int64.self)
            guard !amounts.isEmpty else { return 0 }
            try await sql.raw("UPDATE accounts SET balance = balance + \(bind: amounts.reduce(0, +)) WHERE id = \(bind: accountID)").run()
            return amounts.count
        }
    }
}
