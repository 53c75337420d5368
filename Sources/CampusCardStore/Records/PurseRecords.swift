import CampusCardCore
import Foundation
import SQLKit

/// A purse's movements, newest first (in the order its balance changed, `UpdateEntriesAddSeq`), a
/// page at a time: the cursor is the last transfer id seen, found again by its place among the
/// purse's entries, so a page costs the same at the 100,000th record as at the first.
public struct PurseRecords: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) {
        self.sql = sql
    }

    public struct Query: Sendable {
        public var before: TransferID?
        public var kinds: [TransferKind] = []
        public var from: Date?
        public var until: Date?
        public var limit = 50

        public init(before: TransferID? = nil, kinds: [TransferKind] = [], from: Date? = nil, until: Date? = nil, limit: Int = 50) {
            (self.before, self.kinds, self.from, self.until, self.limit) = (before, kinds, from, until, limit)
        }
    }

    /// The page's entries are found first, on the purse's own index, and only then joined to their
    /// transfers: joined first, PostgreSQL merge-joined them, walking every transfer of the school
    /// newer than the page (20 ms for a page 50,000 records deep, instead of under 1 ms).
    public func page(of purse: AccountID, _ query: Query) async throws -> [PurseRecord] {
        var filters: [SQLQueryString] = ["e.account_id = \(bind: purse)"]
        if let before = query.before {
            filters.append("e.seq < (SELECT c.seq FROM entries c WHERE c.transfer_id = \(bind: before) AND c.account_id = \(bind: purse))")
        }
        if !query.kinds.isEmpty {
            filters.append("(SELECT k.kind FROM transfers k WHERE k.id = e.transfer_id) IN (\(binds: query.kinds.map(\.rawValue)))")
        }
        if let from = query.from { filters.append("e.at_ms >= \(bind: from.epochMilliseconds)") }
        if let until = query.until { filters.append("e.at_ms < \(bind: until.epochMilliseconds)") }
        let condition = filters.joined(separator: " AND ")
        return try await sql.raw(
            """
            SELECT e.transfer_id, e.amount, e.balance_after, e.at_ms, t.kind, t.memo, t.idempotency_scope, t.idempotency_key
            FROM (
                SELECT e.transfer_id, e.amount, e.balance_after, e.seq, e.at_ms FROM entries e
                WHERE \(condition) ORDER BY e.seq DESC LIMIT \(bind: min(max(query.limit, 1), 500))
            ) e JOIN transfers t ON t.id = e.transfer_id
            ORDER BY e.seq DESC
            """
        ).all().map(Self.record)
    }

    static func record(_ row: any SQLRow) throws -> PurseRecord {
        record(
            transferID: try row.decode(column: "transfer_id", as: Int64.self), amount: try row.decode(column: "amount", as: Int64.self),
            balanceAfter: try row.decode(column: "balance_after", as: Int64?.self), atMS: try row.decode(column: "at_ms", as: Int64.self),
            kind: try row.decode(column: "kind", as: String.self), memo: try row.decode(column: "memo", as: String.self),
            scope: try row.decode(column: "idempotency_scope", as: String.self),
            key: try row.decode(column: "idempotency_key", as: String.self))
    }

    static func record(
        transferID: Int64, amount: Int64, balanceAfter: Int64?, atMS: Int64, kind: String, memo: String, scope: String, key: String
    ) -> PurseRecord {
        PurseRecord(
            transferID: transferID, kind: TransferKind(rawValue: kind) ?? .correction, amount: Money(fen: amount),
            balanceAfter: balanceAfter.map(Money.init(fen:)), at: Date(epochMilliseconds: atMS), memo: memo,
            source: PurseRecord.Source(scope: scope, key: key))
    }
}
