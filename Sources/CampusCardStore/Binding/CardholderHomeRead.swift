import CampusCardCore
import Foundation
import SQLKit

/// The home page in one statement: the page's entry (`CardholderPageEntry`) and, for its card, the
/// balance, the latest records, what the unread banner counts and the school's board. At the noon
/// rush every student's phone opens it beside the tills; six statements a visit (each a pool
/// checkout and a round trip) were a page's whole cost.
public struct CardholderHomeRead: Sendable {
    public var entry: CardholderPageEntry
    /// nil: no card bound here (or not signed in).
    public var balance: Money?
    /// Newest first.
    public var latest: [PurseRecord]
    public var unreadNotices: Int
    public var announcements: [ServiceNotice]
    public var maintenance: [ServiceNotice]

    static let latestCount = 10

    /// nil: no such school. As `CardholderPageEntry.read`, a token that opens no session here gives
    /// the school's board only.
    public static func read(school code: SchoolCode, token: String?, device: DeviceID?, at now: Date, in db: StoreDatabase)
        async throws -> CardholderHomeRead?
    {
        let query = HomeQuery(
            school: code, tokenDigest: token.map(SessionToken.digest) ?? "", device: device?.rawValue ?? "", at: now,
            since: now.addingTimeInterval(-30 * 86_400))
        guard let row = try await db.first(query) else { return nil }
        let entry = try CardholderPageEntry(row: row)
        let board = try json([BoardRow].self, row, "home_board").sorted { ($0.s, $0.i) < ($1.s, $1.i) }
        var home = CardholderHomeRead(
            entry: entry, balance: nil, latest: [], unreadNotices: 0,
            announcements: board.filter { $0.b == "a" }.map(\.notice), maintenance: board.filter { $0.b == "m" }.map(\.notice))
        guard entry.binding != nil else { return home }
        home.balance = try row.decode(column: "home_balance", as: Int64?.self).map(Money.init(fen:))
        home.latest = try records(row, "home_latest")
        let head = NoticeInbox.UnreadHead(
            leaveDate: try row.decode(column: "home_leave_date", as: String?.self).flatMap(LocalDate.init),
            preferences: .init(
                largeSpend: try row.decode(column: "home_large_spend_fen", as: Int64?.self).map(Money.init(fen:)),
                lowBalance: try row.decode(column: "home_low_balance_fen", as: Int64?.self).map(Money.init(fen:))),
            readUpToMS: try row.decode(column: "home_read_up_to_ms", as: Int64.self),
            storedUnread: Int(try row.decode(column: "home_stored_unread", as: Int64.self)))
        home.unreadNotices = NoticeInbox.unreadCount(head, records: try records(row, "home_unread"), school: entry.school, at: now)
        return home
    }

    /// `$1`–`$4` the entry's; `$5` 30 days ago in ms (the inbox's reach). The lists come as JSON
    /// text, unordered (SQLite's aggregate keeps no order): they are sorted here.
    struct HomeQuery: StoreQuery {
        static let sql = """
            SELECT \(CardholderPageEntry.columns),
                \(LedgerStore.BalanceQuery.select(account: "q.purse_account_id")) AS home_balance,
                \(records(where: "TRUE", limit: CardholderHomeRead.latestCount)) AS home_latest,
                \(records(where: "e.at_ms >= $5 AND e.at_ms > COALESCE(p.read_up_to_ms, 0)", limit: 200)) AS home_unread,
                h.leave_date AS home_leave_date, p.large_spend_fen AS home_large_spend_fen, p.low_balance_fen AS home_low_balance_fen,
                COALESCE(p.read_up_to_ms, 0) AS home_read_up_to_ms,
                (SELECT COUNT(*) FROM cardholder_notices n
                 WHERE n.cardholder_id = q.cardholder_id AND n.at_ms >= $5 AND n.at_ms > COALESCE(p.read_up_to_ms, 0)) AS home_stored_unread,
                (SELECT CAST(json_agg(json_build_object(
                    'b', w.board, 'i', w.id, 't', w.title, 'y', w.body, 's', w.starts_at_ms, 'e', w.ends_at_ms)) AS TEXT)
                 FROM (\(ServiceNotices.BoardQuery.rows(school: "sc.id", at: "$3"))) w) AS home_board
            FROM \(CardholderPageEntry.joins)
            LEFT JOIN cardholders h ON h.id = q.cardholder_id
            LEFT JOIN notice_preferences p ON p.cardholder_id = q.cardholder_id
            WHERE sc.code = $1
            """
        static let sqliteSQL = sqliteJSON(sql)

        let school: SchoolCode
        let tokenDigest: String
        let device: String
        let at: Date
        let since: Date
        var binds: [StoreQueryValue] {
            [.text(school.rawValue), .text(tokenDigest), .int(at.epochMilliseconds), .text(device), .int(since.epochMilliseconds)]
        }

        /// The purse's newest `limit` records matching `condition`, found on the purse's own index
        /// first and only then joined to their transfers (as `PurseRecords.page`).
        static func records(where condition: String, limit: Int) -> String {
            """
            (SELECT CAST(json_agg(json_build_object('i', r.transfer_id, 'q', r.seq, 'a', r.amount, 'b', r.balance_after, 't', r.at_ms, 'k', t.kind, 'm', t.memo, 's', t.idempotency_scope, 'y', t.idempotency_key)) AS TEXT)
             FROM (SELECT e.transfer_id, e.seq, e.amount, e.balance_after, e.at_ms FROM entries e
                   WHERE e.account_id = q.purse_account_id AND \(condition) ORDER BY e.seq DESC LIMIT \(limit)) r
             JOIN transfers t ON t.id = r.transfer_id)
            """
        }
    }

    private struct RecordRow: Decodable {
        let i: Int64, q: Int64, a: Int64, b: Int64?, t: Int64, k: String, m: String, s: String, y: String
    }

    private struct BoardRow: Decodable {
        let b: String, i: Int64, t: String, y: String, s: Int64, e: Int64

        var notice: ServiceNotice {
            ServiceNotice(id: i, title: t, body: y, startsAt: Date(epochMilliseconds: s), endsAt: Date(epochMilliseconds: e))
        }
    }

    private static func records(_ row: any SQLRow, _ column: String) throws -> [PurseRecord] {
        try json([RecordRow].self, row, column).sorted { $0.q > $1.q }.map {
            PurseRecords.record(
                transferID: $0.i, amount: $0.a, balanceAfter: $0.b, atMS: $0.t, kind: $0.k, memo: $0.m, scope: $0.s, key: $0.y)
        }
    }

    /// A list aggregated as JSON text; no rows: NULL on PostgreSQL, `[]` on SQLite.
    private static func json<Value: Decodable & ExpressibleByArrayLiteral>(_ type: Value.Type, _ row: any SQLRow, _ column: String)
        throws -> Value
    {
        guard let text = try row.decode(column: column, as: String?.self) else { return [] }
        return try JSONDecoder().decode(Value.self, from: Data(text.utf8))
    }
}
