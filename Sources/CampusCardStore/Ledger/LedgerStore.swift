import CampusCardCore
import Foundation
import SQLKit

/// Moves money. Each transfer claims its idempotency key, moves the purse balances by
/// conditional updates (never below zero, never a frozen purse) and writes its two entries, all
/// in the caller's transaction. Hot accounts are only ever inserted into, so a thousand spends
/// at one canteen do not queue on one row (SQLite's batches, which hold the only write lock
/// anyway, add to them once per batch instead).
public struct LedgerStore: Sendable {
    let sql: any SQLDatabase

    /// Use inside a transaction (`StoreDatabase.transaction`): a transfer is only as atomic as the
    /// transaction around it.
    public init(_ sql: any SQLDatabase) {
        self.sql = sql
    }

    /// Moves the balances first, then claims the key: a refused transfer writes nothing at all,
    /// so callers may post many in one transaction without savepoints. A key already used undoes
    /// the moves (inside the same transaction, leaving no trace) and answers as the first time.
    public func post(_ request: TransferRequest, schoolID: Int64, at: Date) async throws -> TransferReceipt {
        let atMS = at.epochMilliseconds
        let amount = request.amount.fen
        let fromAfter = try await moveOrReplay(request, request.from, by: -amount)
        if case .replayed(let earlier) = fromAfter { return earlier }
        let toAfter: Moved
        do {
            toAfter = try await moveOrReplay(request, request.to, by: amount)
        } catch {
            try await undo(fromAfter, request.from, by: -amount)
            throw error
        }
        if case .replayed(let earlier) = toAfter {
            try await undo(fromAfter, request.from, by: -amount)
            return earlier
        }
        let claimed = try await sql.raw(
            """
            INSERT INTO transfers (school_id, kind, from_account_id, to_account_id, amount, idempotency_scope, idempotency_key, memo, at_ms)
            VALUES (\(bind: schoolID), \(bind: request.kind.rawValue), \(bind: request.from.id), \(bind: request.to.id), \(bind: amount), \(bind: request.key.scope), \(bind: request.key.key), \(bind: request.memo), \(bind: atMS))
            ON CONFLICT (idempotency_scope, idempotency_key) DO NOTHING
            RETURNING id
            """
        ).first(decodingColumn: "id", as: Int64.self)
        guard let transferID = claimed else {
            try await undo(fromAfter, request.from, by: -amount)
            try await undo(toAfter, request.to, by: amount)
            guard let earlier = try await replayIfPosted(request) else { throw CardError.internalError }
            return earlier
        }
        try await sql.raw(
            """
            INSERT INTO entries (transfer_id, account_id, amount, balance_after, seq, pending, at_ms) VALUES
            (\(bind: transferID), \(bind: request.from.id), \(bind: -amount), \(bind: fromAfter.balance), \(bind: fromAfter.seq), \(bind: request.from.kind.isHot), \(bind: atMS)),
            (\(bind: transferID), \(bind: request.to.id), \(bind: amount), \(bind: toAfter.balance), \(bind: toAfter.seq), \(bind: request.to.kind.isHot), \(bind: atMS))
            """
        ).run()
        return TransferReceipt(
            transferID: transferID, kind: request.kind, amount: request.amount, at: Date(epochMilliseconds: atMS),
            purseBalanceAfter: (fromAfter.balance ?? toAfter.balance).map(Money.init(fen:)), isReplay: false)
    }

    private enum Moved {
        /// A purse moved to this balance, its entry numbered `seq` among the purse's.
        case purse(balance: Int64, seq: Int64)
        /// A hot account: its entry carries the amount.
        case hot
        /// The move was refused, but the key was already posted: the first answer.
        case replayed(TransferReceipt)

        var balance: Int64? {
            if case .purse(let balance, _) = self { return balance }
            return nil
        }

        var seq: Int64? {
            if case .purse(_, let seq) = self { return seq }
            return nil
        }
    }

    /// A refused move is a refusal only if the key was never posted: a retry of a transfer made
    /// before the purse ran dry still gets its first answer.
    private func moveOrReplay(_ request: TransferRequest, _ account: LedgerAccount, by delta: Int64) async throws -> Moved {
        do {
            return try await move(account, by: delta, kind: request.kind).map { Moved.purse(balance: $0.balance, seq: $0.seq) } ?? .hot
        } catch let refusal as CardError {
            guard let earlier = try await replayIfPosted(request) else { throw refusal }
            return .replayed(earlier)
        }
    }

    /// Takes back a move made earlier in this same transaction.
    private func undo(_ moved: Moved, _ account: LedgerAccount, by delta: Int64) async throws {
        guard case .purse = moved else { return }
        try await sql.raw(
            "UPDATE accounts SET balance = balance - \(bind: delta), entry_seq = entry_seq - 1 WHERE id = \(bind: account.id)"
        )
        .run()
    }

    /// A purse's balance changes in place, guarded in the same statement, and the purse numbers
    /// the entry under the row lock the update takes; a hot account's does not change here at all
    /// (its entry carries the amount). Returns the purse's new balance and the entry's number.
    private func move(_ account: LedgerAccount, by delta: Int64, kind: TransferKind) async throws -> (balance: Int64, seq: Int64)? {
        guard !account.kind.isHot else { return nil }
        let statuses = kind.movesFrozenPurse ? ["active", "frozen"] : ["active"]
        let updated = try await sql.raw(
            """
            UPDATE accounts SET balance = balance + \(bind: delta), entry_seq = entry_seq + 1
            WHERE id = \(bind: account.id) AND kind = 'purse' AND status IN (\(binds: statuses)) AND balance + \(bind: delta) >= 0
            RETURNING balance, entry_seq
            """
        ).first()
        if let updated {
            return (try updated.decode(column: "balance", as: Int64.self), try updated.decode(column: "entry_seq", as: Int64.self))
        }
        throw try await refusal(for: account.id, delta: delta)
    }

    /// Only on the refusal path: reads why the guarded update matched nothing.
    private func refusal(for accountID: AccountID, delta: Int64) async throws -> CardError {
        guard let row = try await sql.raw("SELECT kind, status, balance FROM accounts WHERE id = \(bind: accountID)").first() else {
            return .ledgerInconsistent("account \(accountID)")
        }
        if try row.decode(column: "kind", as: String.self) != AccountKind.purse.rawValue {
            return .ledgerInconsistent("purse \(accountID)")
        }
        if try row.decode(column: "status", as: String.self) == "frozen" { return .cardFrozen }
        return .insufficientBalance(balance: Money(fen: try row.decode(column: "balance", as: Int64.self)), amount: Money(fen: -delta))
    }

    /// The first answer when this key was posted before (nil when it never was); the same key
    /// with other content is a conflict.
    public func replayIfPosted(_ request: TransferRequest) async throws -> TransferReceipt? {
        guard
            let row = try await sql.raw(
                """
                SELECT t.id, t.kind, t.from_account_id, t.to_account_id, t.amount, t.at_ms,
                    (SELECT e.balance_after FROM entries e WHERE e.transfer_id = t.id AND e.balance_after IS NOT NULL ORDER BY e.amount LIMIT 1) AS purse_after
                FROM transfers t WHERE t.idempotency_scope = \(bind: request.key.scope) AND t.idempotency_key = \(bind: request.key.key)
                """
            ).first()
        else { return nil }
        let kind = TransferKind(rawValue: try row.decode(column: "kind", as: String.self))
        let amount = Money(fen: try row.decode(column: "amount", as: Int64.self))
        guard let kind,
            request.isSameRequest(
                kind: kind, from: try row.decode(column: "from_account_id", as: Int64.self),
                to: try row.decode(column: "to_account_id", as: Int64.self), amount: amount)
        else { throw CardError.idempotencyConflict }
        return TransferReceipt(
            transferID: try row.decode(column: "id", as: Int64.self), kind: kind, amount: amount,
            at: Date(epochMilliseconds: try row.decode(column: "at_ms", as: Int64.self)),
            purseBalanceAfter: try row.decode(column: "purse_after", as: Int64?.self).map(Money.init(fen:)), isReplay: true)
    }

    // MARK: Batches, for SQLite's set-based group commit (the caller holds the write lock).

    /// Sets purses to balances and entry counts computed under the write lock; the table's check
    /// still refuses any below zero.
    func setPurses(_ purses: [AccountID: (balance: Int64, seq: Int64)]) async throws {
        guard !purses.isEmpty else { return }
        try await sql.raw(
            """
            UPDATE accounts SET balance = CASE id \(cases(purses.mapValues(\.balance))) END, entry_seq = CASE id \(cases(purses.mapValues(\.seq))) END
            WHERE kind = 'purse' AND id IN (\(binds: Array(purses.keys)))
            """
        ).run()
    }

    /// `WHEN <id> THEN <value>` for each account: one statement for a batch's accounts.
    private func cases(_ values: [AccountID: Int64]) -> SQLQueryString {
        values.map { "WHEN \(bind: $0.key) THEN \(bind: $0.value)" as SQLQueryString }.joined(separator: " ")
    }

    /// Writes transfers whose purses were already moved (`setPurses`), with their two entries
    /// each. The receiving hot accounts' rows are added to here, one statement for the batch, so no
    /// entry is left pending: under SQLite's write lock every write waits its turn anyway, and the
    /// roll-up flipping each entry later held that lock ~50 ms every few seconds.
    func insertPosted(_ posted: [(request: TransferRequest, schoolID: Int64, at: Date, purse: (balance: Int64, seq: Int64))]) async throws
        -> [TransferReceipt]
    {
        // Only a hot account may take money unguarded; a purse moves by `setPurseBalances`.
        guard posted.allSatisfy({ $0.request.to.kind.isHot }) else { throw CardError.internalError }
        let received = Dictionary(posted.map { ($0.request.to.id, $0.request.amount.fen) }, uniquingKeysWith: +)
        try await sql.raw(
            "UPDATE accounts SET balance = balance + CASE id \(cases(received)) END WHERE id IN (\(binds: Array(received.keys)))"
        )
        .run()
        var transfers = sql.insert(into: "transfers").columns(
            "school_id", "kind", "from_account_id", "to_account_id", "amount", "idempotency_scope", "idempotency_key", "memo", "at_ms")
        for (request, schoolID, at, _) in posted {
            transfers = transfers.values(
                SQLBind(schoolID), SQLBind(request.kind.rawValue), SQLBind(request.from.id), SQLBind(request.to.id),
                SQLBind(request.amount.fen),
                SQLBind(request.key.scope), SQLBind(request.key.key), SQLBind(request.memo), SQLBind(at.epochMilliseconds))
        }
        var ids: [IdempotencyKey: TransferID] = [:]
        for row in try await transfers.returning("id", "idempotency_scope", "idempotency_key").all() {
            let key = try IdempotencyKey(
                scope: try row.decode(column: "idempotency_scope", as: String.self),
                key: try row.decode(column: "idempotency_key", as: String.self))
            ids[key] = try row.decode(column: "id", as: Int64.self)
        }
        var entries = sql.insert(into: "entries").columns("transfer_id", "account_id", "amount", "balance_after", "seq", "pending", "at_ms")
        var receipts: [TransferReceipt] = []
        for (request, _, at, purse) in posted {
            guard let id = ids[request.key] else { throw CardError.internalError }
            entries = entries.values(
                SQLBind(id), SQLBind(request.from.id), SQLBind(-request.amount.fen), SQLBind(purse.balance), SQLBind(purse.seq),
                SQLBind(false), SQLBind(at.epochMilliseconds))
            entries = entries.values(
                SQLBind(id), SQLBind(request.to.id), SQLBind(request.amount.fen), SQLBind(Int64?.none), SQLBind(Int64?.none),
                SQLBind(false), SQLBind(at.epochMilliseconds))
            receipts.append(
                TransferReceipt(
                    transferID: id, kind: request.kind, amount: request.amount, at: Date(epochMilliseconds: at.epochMilliseconds),
                    purseBalanceAfter: Money(fen: purse.balance), isReplay: false))
        }
        try await entries.run()
        return receipts
    }

    /// What an account holds now: the balance row plus, for a hot account, its entries not yet
    /// rolled up.
    public func balance(of accountID: AccountID) async throws -> Money {
        try Self.balance(try await sql.rows(BalanceQuery(account: accountID)).first, of: accountID)
    }

    struct BalanceQuery: StoreQuery {
        static let sql = "SELECT \(select(account: "$1")) AS balance"
        let account: AccountID
        var binds: [StoreQueryValue] { [.int(account)] }

        /// The balance of the account `account` names, as an expression (the home page reads it
        /// beside the rest).
        static func select(account: String) -> String {
            """
            (SELECT a.balance + CAST(COALESCE((SELECT SUM(e.amount) FROM entries e WHERE e.account_id = a.id AND e.pending), 0) AS BIGINT)
             FROM accounts a WHERE a.id = \(account))
            """
        }
    }

    private static func balance(_ row: (any SQLRow)?, of accountID: AccountID) throws -> Money {
        guard let fen = try row?.decode(column: "balance", as: Int64?.self) ?? nil else {
            throw CardError.ledgerInconsistent("account \(accountID)")
        }
        return Money(fen: fen)
    }
}
