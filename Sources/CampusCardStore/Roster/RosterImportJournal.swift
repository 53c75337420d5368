import CampusCardCore
import Foundation
import SQLKit

/// One roster import started from the console, as `roster_imports` keeps it.
public struct RosterImportRecord: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        case running, done, failed
        /// Its process stopped before it finished (its row went unchanged too long): nothing of it
        /// was committed, the import's transaction died with the process.
        case interrupted
    }

    /// A refused row: its line in the file (the header is line 1) and why.
    public struct Refusal: Sendable, Equatable, Codable {
        public var line: Int
        public var code: String
        public var zh: String
        public var en: String

        public init(line: Int, code: String, zh: String, en: String) {
            (self.line, self.code, self.zh, self.en) = (line, code, zh, en)
        }
    }

    public var id: Int64
    public var schoolID: Int64
    public var staffUsername: String
    public var fileName: String
    public var status: Status
    /// The rows the import writes (the file's rows that passed the file's checks), and how many
    /// of them are done so far.
    public var rowsTotal: Int
    public var rowsWritten: Int
    public var created: Int
    public var updated: Int
    public var unchanged: Int
    public var refused: Int
    /// Why a failed import wrote nothing.
    public var failure: CardError?
    public var startedAt: Date
    public var updatedAt: Date
    public var finishedAt: Date?

    public init(
        id: Int64, schoolID: Int64, staffUsername: String, fileName: String, status: Status, rowsTotal: Int = 0, rowsWritten: Int = 0,
        created: Int = 0, updated: Int = 0, unchanged: Int = 0, refused: Int = 0, failure: CardError? = nil, startedAt: Date,
        updatedAt: Date, finishedAt: Date? = nil
    ) {
        (self.id, self.schoolID, self.staffUsername, self.fileName, self.status) = (id, schoolID, staffUsername, fileName, status)
        (self.rowsTotal, self.rowsWritten, self.created, self.updated, self.unchanged, self.refused) = (
            rowsTotal, rowsWritten, created, updated, unchanged, refused
        )
        (self.failure, self.startedAt, self.updatedAt, self.finishedAt) = (failure, startedAt, updatedAt, finishedAt)
    }
}

/// `roster_imports` in the progress database (`DatabaseLocation.progress`): each write is a
/// statement of its own, committed at once, never inside the import's transaction, so the
/// progress is seen by every process while the import is still writing.
public struct RosterImportJournal: Sendable {
    let db: StoreDatabase

    /// `db`: the progress database.
    public init(_ db: StoreDatabase) {
        self.db = db
    }

    /// A running import whose row has not changed for this long is taken as interrupted: its
    /// process writes it at least every `RosterImportJournal.heartbeat` while it lives.
    public static let staleAfter: TimeInterval = 60
    public static let heartbeat: TimeInterval = 5

    /// Starts an import of the school's roster, unless one is running: the unique index over the
    /// running imports decides, whichever process asks. One whose process died is closed first.
    public func begin(schoolID: Int64, staffUsername: String, fileName: String, at now: Date) async throws -> RosterImportRecord {
        let stale = now.addingTimeInterval(-Self.staleAfter).epochMilliseconds
        try await db.sql.raw(
            """
            UPDATE roster_imports SET status = 'interrupted', finished_at_ms = updated_at_ms
            WHERE school_id = \(bind: schoolID) AND status = 'running' AND updated_at_ms < \(bind: stale)
            """
        ).run()
        let at = now.epochMilliseconds
        let inserted = try await db.sql.raw(
            """
            INSERT INTO roster_imports (school_id, staff_username, file_name, status, started_at_ms, updated_at_ms)
            VALUES (\(bind: schoolID), \(bind: staffUsername), \(bind: fileName), 'running', \(bind: at), \(bind: at))
            ON CONFLICT DO NOTHING RETURNING id
            """
        ).first(decodingColumn: "id", as: Int64.self)
        guard let id = inserted else {
            let running =
                try await db.sql.raw("SELECT id FROM roster_imports WHERE school_id = \(bind: schoolID) AND status = 'running'")
                .first(decodingColumn: "id", as: Int64.self)
            throw CardError.rosterImportRunning(id: running ?? 0)
        }
        return RosterImportRecord(
            id: id, schoolID: schoolID, staffUsername: staffUsername, fileName: fileName, status: .running, startedAt: now,
            updatedAt: now)
    }

    /// How far a running import has got; also its heartbeat (`rows` nil: the time only).
    public func progress(_ id: Int64, rowsWritten: Int?, rowsTotal: Int?, at now: Date) async throws {
        try await db.sql.raw(
            """
            UPDATE roster_imports SET rows_written = COALESCE(\(bind: rowsWritten.map(Int64.init)), rows_written),
                rows_total = COALESCE(\(bind: rowsTotal.map(Int64.init)), rows_total), updated_at_ms = \(bind: now.epochMilliseconds)
            WHERE id = \(bind: id) AND status = 'running'
            """
        ).run()
    }

    /// The import committed: its counts and every refused row.
    public func finish(_ id: Int64, report: RosterImportReport, rowsTotal: Int, at now: Date) async throws {
        let refusals = report.problems.map {
            RosterImportRecord.Refusal(line: $0.line, code: $0.error.code.rawValue, zh: $0.error.zh, en: $0.error.en)
        }
        let json = String(decoding: try JSONEncoder().encode(refusals), as: UTF8.self)
        let at = now.epochMilliseconds
        try await db.sql.raw(
            """
            UPDATE roster_imports SET status = 'done', rows_total = \(bind: Int64(rowsTotal)), rows_written = \(bind: Int64(rowsTotal)),
                created = \(bind: Int64(report.created)), updated = \(bind: Int64(report.updated)),
                unchanged = \(bind: Int64(report.unchanged)), refused = \(bind: Int64(report.problems.count)),
                refused_rows = \(bind: json), updated_at_ms = \(bind: at), finished_at_ms = \(bind: at)
            WHERE id = \(bind: id)
            """
        ).run()
    }

    /// The import wrote nothing: the file as a whole was refused, or its transaction failed.
    public func fail(_ id: Int64, _ error: CardError, at now: Date) async throws {
        let at = now.epochMilliseconds
        try await db.sql.raw(
            """
            UPDATE roster_imports SET status = 'failed', failure_code = \(bind: error.code.rawValue), failure_zh = \(bind: error.zh),
                failure_en = \(bind: error.en), updated_at_ms = \(bind: at), finished_at_ms = \(bind: at)
            WHERE id = \(bind: id)
            """
        ).run()
    }

    /// One import of the school's (another school's is none), as of `now`: a running one whose
    /// row went unchanged for `staleAfter` is interrupted.
    public func record(_ id: Int64, schoolID: Int64, now: Date) async throws -> RosterImportRecord? {
        try await db.sql.raw(
            "SELECT \(unsafeRaw: Self.columns) FROM roster_imports WHERE id = \(bind: id) AND school_id = \(bind: schoolID)"
        ).first().map { try Self.record($0, now: now) }
    }

    /// The school's latest imports, newest first.
    public func recent(schoolID: Int64, limit: Int, now: Date) async throws -> [RosterImportRecord] {
        try await db.sql.raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM roster_imports WHERE school_id = \(bind: schoolID)
            ORDER BY id DESC LIMIT \(bind: Int64(limit))
            """
        ).all().map { try Self.record($0, now: now) }
    }

    /// The refused rows of an import, by line.
    public func refusals(_ id: Int64, schoolID: Int64) async throws -> [RosterImportRecord.Refusal] {
        guard
            let json = try await db.sql.raw(
                "SELECT refused_rows FROM roster_imports WHERE id = \(bind: id) AND school_id = \(bind: schoolID)"
            ).first(decodingColumn: "refused_rows", as: String.self)
        else { return [] }
        return try JSONDecoder().decode([RosterImportRecord.Refusal].self, from: Data(json.utf8))
    }

    private static let columns = """
        id, school_id, staff_username, file_name, status, rows_total, rows_written, created, updated, unchanged, refused,
        failure_code, failure_zh, failure_en, started_at_ms, updated_at_ms, finished_at_ms
        """

    private static func record(_ row: any SQLRow, now: Date) throws -> RosterImportRecord {
        let updatedAt = Date(epochMilliseconds: try row.decode(column: "updated_at_ms", as: Int64.self))
        var status = RosterImportRecord.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .failed
        if status == .running, now.timeIntervalSince(updatedAt) > staleAfter { status = .interrupted }
        var failure: CardError?
        if let code = try row.decode(column: "failure_code", as: String?.self) {
            failure = CardError(
                CardError.Code(rawValue: code) ?? .internalError, zh: try row.decode(column: "failure_zh", as: String?.self) ?? "",
                en: try row.decode(column: "failure_en", as: String?.self) ?? "")
        }
        return RosterImportRecord(
            id: try row.decode(column: "id", as: Int64.self), schoolID: try row.decode(column: "school_id", as: Int64.self),
            staffUsername: try row.decode(column: "staff_username", as: String.self),
            fileName: try row.decode(column: "file_name", as: String.self), status: status,
            rowsTotal: Int(try row.decode(column: "rows_total", as: Int64.self)),
            rowsWritten: Int(try row.decode(column: "rows_written", as: Int64.self)),
            created: Int(try row.decode(column: "created", as: Int64.self)),
            updated: Int(try row.decode(column: "updated", as: Int64.self)),
            unchanged: Int(try row.decode(column: "unchanged", as: Int64.self)),
            refused: Int(try row.decode(column: "refused", as: Int64.self)), failure: failure,
            startedAt: Date(epochMilliseconds: try row.decode(column: "started_at_ms", as: Int64.self)), updatedAt: updatedAt,
            finishedAt: try row.decode(column: "finished_at_ms", as: Int64?.self).map(Date.init(epochMilliseconds:)))
    }
}
