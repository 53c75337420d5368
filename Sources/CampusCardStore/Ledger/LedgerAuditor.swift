import CampusCardCore
import Foundation
import SQLKit

/// Reads the totals behind `LedgerAudit` from one snapshot of the database.
public struct LedgerAuditor: Sendable {
    let db: StoreDatabase

    public init(_ db: StoreDatabase) {
        self.db = db
    }

    /// The whole ledger, or one school's accounts (no transfer crosses schools, so a school's
    /// entries sum to zero on their own).
    public func audit(schoolID: Int64? = nil) async throws -> LedgerAudit {
        try await db.snapshot { sql in
            let accountFilter: SQLQueryString = schoolID.map { "WHERE a.school_id = \(bind: $0)" } ?? ""
            let transferFilter: SQLQueryString = schoolID.map { "WHERE t.school_id = \(bind: $0)" } ?? ""
            let accounts = try await sql.raw(
                """
                SELECT a.id, a.kind, a.label, a.balance,
                    CAST(COALESCE(SUM(CASE WHEN e.pending THEN e.amount ELSE 0 END), 0) AS BIGINT) AS pending_sum,
                    CAST(COALESCE(SUM(e.amount), 0) AS BIGINT) AS entries_sum
                FROM accounts a LEFT JOIN entries e ON e.account_id = a.id
                \(accountFilter)
                GROUP BY a.id, a.kind, a.label, a.balance ORDER BY a.id
                """
            ).all().map { row in
                LedgerAudit.AccountTotals(
                    accountID: try row.decode(column: "id", as: Int64.self),
                    kind: AccountKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .purse,
                    label: try row.decode(column: "label", as: String.self),
                    balance: Money(
                        fen: try row.decode(column: "balance", as: Int64.self) + row.decode(column: "pending_sum", as: Int64.self)),
                    entriesSum: Money(fen: try row.decode(column: "entries_sum", as: Int64.self)))
            }
            let unbalanced = try await sql.raw(
                """
                SELECT t.id FROM transfers t LEFT JOIN entries e ON e.transfer_id = t.id
                \(transferFilter)
                GROUP BY t.id, t.amount
                HAVING COUNT(e.transfer_id) <> 2 OR COALESCE(SUM(e.amount), 0) <> 0 OR COALESCE(MAX(e.amount), 0) <> t.amount
                ORDER BY t.id LIMIT 100
                """
            ).all(decodingColumn: "id", as: Int64.self)
            let unknownAccounts = try await sql.raw(
                """
                SELECT DISTINCT x.account_id FROM (
                    SELECT e.account_id FROM entries e JOIN transfers t ON t.id = e.transfer_id \(transferFilter)
                    UNION ALL SELECT t.from_account_id FROM transfers t \(transferFilter)
                    UNION ALL SELECT t.to_account_id FROM transfers t \(transferFilter)
                ) x LEFT JOIN accounts a ON a.id = x.account_id WHERE a.id IS NULL ORDER BY x.account_id LIMIT 100
                """
            ).all(decodingColumn: "account_id", as: Int64.self)
            let transfers =
                try await sql.raw("SELECT COUNT(*) AS n FROM transfers t \(transferFilter)").first(decodingColumn: "n", as: Int64.self) ?? 0
            return LedgerAudit(
                accounts: accounts, transfersChecked: Int(transfers), unbalancedTransfers: unbalanced, unknownAccounts: unknownAccounts)
        }
    }
}
