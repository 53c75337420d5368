import CampusCardCore
import Foundation
import SQLKit

/// The cardholder's notice inbox: what happened to the card (a loss report, recorded when it is
/// made) and what follows from the ledger and the roster (`NoticeRules`), with the cardholder's
/// own thresholds and how far they have read.
public struct NoticeInbox: Sendable {
    let db: StoreDatabase

    public init(_ db: StoreDatabase) {
        self.db = db
    }

    public struct Preferences: Sendable, Equatable {
        /// A spend of at least this is notified; nil: none.
        public var largeSpend: Money?
        /// A balance falling below this is notified; nil: the school's auto top-up line.
        public var lowBalance: Money?

        public init(largeSpend: Money?, lowBalance: Money?) {
            (self.largeSpend, self.lowBalance) = (largeSpend, lowBalance)
        }
    }

    public func preferences(of cardholderID: Int64) async throws -> Preferences {
        try await preferencesAndReadMark(of: cardholderID).preferences
    }

    /// The cardholder's row: thresholds, and up to when they have read (0: nothing yet).
    private func preferencesAndReadMark(of cardholderID: Int64) async throws -> (preferences: Preferences, readUpToMS: Int64) {
        let row = try await db.sql.raw(
            "SELECT large_spend_fen, low_balance_fen, read_up_to_ms FROM notice_preferences WHERE cardholder_id = \(bind: cardholderID)"
        ).first()
        return (
            Preferences(
                largeSpend: try row?.decode(column: "large_spend_fen", as: Int64?.self).map(Money.init(fen:)),
                lowBalance: try row?.decode(column: "low_balance_fen", as: Int64?.self).map(Money.init(fen:))),
            try row?.decode(column: "read_up_to_ms", as: Int64?.self) ?? 0
        )
    }

    public func setPreferences(_ preferences: Preferences, of cardholderID: Int64) async throws {
        try await db.sql.raw(
            """
            INSERT INTO notice_preferences (cardholder_id, large_spend_fen, low_balance_fen) VALUES
                (\(bind: cardholderID), \(bind: preferences.largeSpend?.fen), \(bind: preferences.lowBalance?.fen))
            ON CONFLICT (cardholder_id) DO UPDATE SET large_spend_fen = excluded.large_spend_fen, low_balance_fen = excluded.low_balance_fen
            """
        ).run()
    }

    /// Records a notice inside the transaction that caused it; the same one twice is kept once.
    static func record(
        _ kind: CardholderNotice.Kind, key: String, cardholderID: Int64, title: String, body: String, at: Date, on sql: any SQLDatabase
    )
        async throws
    {
        try await sql.raw(
            """
            INSERT INTO cardholder_notices (cardholder_id, kind, dedupe_key, title, body, at_ms)
            VALUES (\(bind: cardholderID), \(bind: kind.rawValue), \(bind: key), \(bind: title), \(bind: body), \(bind: at.epochMilliseconds))
            ON CONFLICT (cardholder_id, kind, dedupe_key) DO NOTHING
            """
        ).run()
    }

    /// The last 30 days of notices, newest first, and how many are unread.
    public func inbox(of binding: BindingRecord, school: SchoolRecord, at now: Date) async throws -> (
        notices: [CardholderNotice], unread: Int
    ) {
        let since = now.addingTimeInterval(-30 * 86_400)
        let (preferences, readUpTo) = try await preferencesAndReadMark(of: binding.cardholderID)
        let stored = try await db.sql.raw(
            """
            SELECT id, kind, title, body, at_ms FROM cardholder_notices
            WHERE cardholder_id = \(bind: binding.cardholderID) AND at_ms >= \(bind: since.epochMilliseconds)
            """
        ).all().map { row in
            CardholderNotice(
                id: "notice:\(try row.decode(column: "id", as: Int64.self))",
                kind: CardholderNotice.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .cardLost,
                title: try row.decode(column: "title", as: String.self), body: try row.decode(column: "body", as: String.self),
                at: Date(epochMilliseconds: try row.decode(column: "at_ms", as: Int64.self)))
        }
        let records = try await PurseRecords(db.sql).page(of: binding.purse.id, .init(from: since, limit: 200))
        let derived = NoticeRules.fromRecords(
            records, largeSpend: preferences.largeSpend, lowBalance: preferences.lowBalance ?? school.settings.autoTopUpThreshold)
        let leaveDate = try await db.sql.raw("SELECT leave_date FROM cardholders WHERE id = \(bind: binding.cardholderID)")
            .first(decodingColumn: "leave_date", as: String?.self).flatMap { $0 }.flatMap(LocalDate.init)
        let warnings = NoticeRules.freezeWarnings(
            leaveDate: leaveDate, settings: school.settings, today: LocalDate(now, in: school.timeZone), timeZone: school.timeZone)
        let notices = (stored + derived + warnings).sorted { $0.at > $1.at }
        return (notices, notices.filter { $0.at.epochMilliseconds > readUpTo }.count)
    }

    /// What the home page reads of the cardholder to count unread notices (`CardholderHomeRead`).
    struct UnreadHead: Sendable {
        var leaveDate: LocalDate?
        var preferences: Preferences
        var readUpToMS: Int64
        /// Stored notices of the last 30 days after the read mark.
        var storedUnread: Int
    }

    /// How many of `inbox`'s notices are unread, from only what came after the read mark: the
    /// stored ones counted, and `records`, the purse's records of the last 30 days after the mark
    /// (the home page's banner, read on every visit). The same rules, the same count.
    static func unreadCount(_ head: UnreadHead, records: [PurseRecord], school: SchoolRecord, at now: Date) -> Int {
        let derived = NoticeRules.fromRecords(
            records, largeSpend: head.preferences.largeSpend, lowBalance: head.preferences.lowBalance ?? school.settings.autoTopUpThreshold)
        let warnings = NoticeRules.freezeWarnings(
            leaveDate: head.leaveDate, settings: school.settings, today: LocalDate(now, in: school.timeZone), timeZone: school.timeZone)
        return head.storedUnread + (derived + warnings).filter { $0.at.epochMilliseconds > head.readUpToMS }.count
    }

    /// Everything up to now has been read.
    public func markRead(cardholderID: Int64, at: Date) async throws {
        try await db.sql.raw(
            """
            INSERT INTO notice_preferences (cardholder_id, read_up_to_ms) VALUES (\(bind: cardholderID), \(bind: at.epochMilliseconds))
            ON CONFLICT (cardholder_id) DO UPDATE SET read_up_to_ms = excluded.read_up_to_ms
            """
        ).run()
    }
}
