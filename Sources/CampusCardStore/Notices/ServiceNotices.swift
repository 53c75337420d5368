import CampusCardCore
import Foundation
import SQLKit

/// A service window or an announcement: a title, a text, and when it holds.
public struct ServiceNotice: Sendable, Equatable {
    public var id: Int64
    public var title: String
    public var body: String
    public var startsAt: Date
    public var endsAt: Date

    public init(id: Int64, title: String, body: String, startsAt: Date, endsAt: Date) {
        (self.id, self.title, self.body, self.startsAt, self.endsAt) = (id, title, body, startsAt, endsAt)
    }
}

/// Service windows and announcements of a school, read on every request (no cache: a window
/// an administrator adds holds for every process at once).
public struct ServiceNotices: Sendable {
    public enum Kind: String, Sendable {
        case maintenanceWindow = "maintenance_windows"
        case announcement = "announcements"

        /// What one of them is called in the audit log and in errors.
        public var noun: String { self == .maintenanceWindow ? "maintenance_window" : "announcement" }
    }

    let db: StoreDatabase
    let kind: Kind

    public init(_ db: StoreDatabase, _ kind: Kind) {
        self.db = db
        self.kind = kind
    }

    public func create(schoolID: Int64, title: String, body: String, startsAt: Date, endsAt: Date, actor: String, at: Date) async throws
        -> ServiceNotice
    {
        let controls = { (text: String, allowed: Set<Character>) in
            text.contains { !allowed.contains($0) && $0.unicodeScalars.contains { $0.properties.generalCategory == .control } }
        }
        guard !title.isEmpty, title.count <= 100, body.count <= 2_000, !controls(title, []), !controls(body, ["\n", "\r\n", "\t"]) else {
            throw CardError.invalidField(
                "title", zh: "标题为1–100字，内容不超过2000字，不含控制字符",
                en: "the title is 1–100 characters, the text at most 2,000, without control characters")
        }
        guard startsAt < endsAt else { throw CardError.invalidField("ends_at", zh: "结束时间须晚于开始时间", en: "the end must be after the start") }
        return try await db.transaction { [kind] sql in
            let notice =
                try await sql.raw(
                    """
                    INSERT INTO \(unsafeRaw: kind.rawValue) (school_id, title, body, starts_at_ms, ends_at_ms, created_by, created_at_ms)
                    VALUES (\(bind: schoolID), \(bind: title), \(bind: body), \(bind: startsAt.epochMilliseconds), \(bind: endsAt.epochMilliseconds), \(bind: actor), \(bind: at.epochMilliseconds))
                    RETURNING id, title, body, starts_at_ms, ends_at_ms
                    """
                ).first().map(Self.notice) ?? { throw CardError.internalError }()
            try await AuditLog(sql).record(
                schoolID: schoolID, actor: actor, action: "\(kind.noun)_created", subject: String(notice.id),
                detail: ["title": title, "starts_at": String(startsAt.epochMilliseconds), "ends_at": String(endsAt.epochMilliseconds)],
                at: at)
            return notice
        }
    }

    /// Those not yet over at `at`, soonest first.
    public func upcoming(schoolID: Int64, at: Date) async throws -> [ServiceNotice] {
        try await db.sql.raw(
            """
            SELECT id, title, body, starts_at_ms, ends_at_ms FROM \(unsafeRaw: kind.rawValue)
            WHERE school_id = \(bind: schoolID) AND ends_at_ms > \(bind: at.epochMilliseconds) ORDER BY starts_at_ms, id
            """
        ).all().map(Self.notice)
    }

    /// A school's announcements in force and its service windows now or to come, in one statement
    /// (every cardholder's home page reads them).
    public static func board(_ db: StoreDatabase, schoolID: Int64, at: Date) async throws -> (
        announcements: [ServiceNotice], maintenance: [ServiceNotice]
    ) {
        let rows = try await db.rows(BoardQuery(schoolID: schoolID, at: at))
        var board: (announcements: [ServiceNotice], maintenance: [ServiceNotice]) = ([], [])
        for row in rows {
            let notice = try Self.notice(row)
            if try row.decode(column: "board", as: String.self) == "a" {
                board.announcements.append(notice)
            } else {
                board.maintenance.append(notice)
            }
        }
        return board
    }

    struct BoardQuery: StoreQuery {
        static let sql = rows(school: "$1", at: "$2") + " ORDER BY starts_at_ms, id"
        let schoolID: Int64
        let at: Date
        var binds: [StoreQueryValue] { [.int(schoolID), .int(at.epochMilliseconds)] }

        /// The board's rows (`board` 'a' for an announcement, 'm' for a window) of the school whose
        /// id `school` names, at the time in ms `at` names, unordered.
        static func rows(school: String, at: String) -> String {
            """
            SELECT 'a' AS board, id, title, body, starts_at_ms, ends_at_ms FROM announcements
            WHERE school_id = \(school) AND ends_at_ms > \(at) AND starts_at_ms <= \(at)
            UNION ALL
            SELECT 'm' AS board, id, title, body, starts_at_ms, ends_at_ms FROM maintenance_windows
            WHERE school_id = \(school) AND ends_at_ms > \(at)
            """
        }
    }

    /// Those holding at `at`.
    public func current(schoolID: Int64, at: Date) async throws -> [ServiceNotice] {
        try await upcoming(schoolID: schoolID, at: at).filter { $0.startsAt <= at }
    }

    public func delete(_ id: Int64, schoolID: Int64, actor: String, at: Date) async throws {
        try await db.transaction { [kind] sql in
            guard
                try await sql.raw(
                    "DELETE FROM \(unsafeRaw: kind.rawValue) WHERE id = \(bind: id) AND school_id = \(bind: schoolID) RETURNING id"
                ).first() != nil
            else { throw CardError.notFound(kind.noun) }
            try await AuditLog(sql).record(
                schoolID: schoolID, actor: actor, action: "\(kind.noun)_deleted", subject: String(id), detail: [:], at: at)
        }
    }

    /// Refuses top-ups and binding inside a window, saying when it ends.
    public func ensureOpen(_ school: SchoolRecord, at: Date) async throws {
        guard let window = try await current(schoolID: school.id, at: at).max(by: { $0.endsAt < $1.endsAt }) else { return }
        throw CardError.underMaintenance(until: window.endsAt, reason: window.title, timeZone: school.timeZone)
    }

    private static func notice(_ row: any SQLRow) throws -> ServiceNotice {
        ServiceNotice(
            id: try row.decode(column: "id", as: Int64.self), title: try row.decode(column: "title", as: String.self),
            body: try row.decode(column: "body", as: String.self),
            startsAt: Date(epochMilliseconds: try row.decode(column: "starts_at_ms", as: Int64.self)),
            endsAt: Date(epochMilliseconds: try row.decode(column: "ends_at_ms", as: Int64.self)))
    }
}
