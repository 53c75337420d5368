import FluentKit
import Foundation
import PostgresNIO
import SQLKit
import SQLiteNIO

/// The one handle every store operation takes: a Fluent database (a Vapor request's, or the
/// CLI's) seen through SQLKit, or one SQLite connection of our own (`SQLiteWriter`'s), with
/// transactions that behave the same on both engines.
public struct StoreDatabase: Sendable {
    public let sql: any SQLDatabase
    /// The pool a transaction takes its connection from; nil when `sql` is one connection.
    let fluent: (any Database)?

    public init(_ fluent: any Database) {
        self.sql = fluent as! any SQLDatabase
        self.fluent = fluent
    }

    /// One SQLite connection, used by one task at a time, whose busy timeout stays zero.
    init(connection: SQLiteInlineConnection) {
        self.sql = connection
        self.fluent = nil
    }

    public var isSQLite: Bool { sql.dialect.name == "sqlite" }

    /// Runs `body` in one database transaction: everything it wrote commits together or not at
    /// all. On SQLite the transaction takes the write lock up front (`BEGIN IMMEDIATE`), so two
    /// writers queue instead of deadlocking when both try to upgrade a read lock.
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        // PostgreSQL's goes through `onOneConnection` too: Fluent's own sends its ROLLBACK to a
        // connection the server has ended, and waits for ever (see `OpenConnectionSQL`).
        guard isSQLite else { return try await onOneConnection(begin: { try await $0.raw("BEGIN").run() }, body) }
        // A connection of our own keeps a zero busy timeout for good: its transaction begins in
        // one statement instead of three.
        let setsTimeouts = fluent != nil
        return try await onOneConnection(begin: { try await Self.beginImmediate($0, settingTimeouts: setsTimeouts) }, body)
    }

    /// Runs `body` reading one consistent snapshot of the whole database (the audit, reports),
    /// without taking the write lock.
    public func snapshot<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let begin: SQLQueryString = isSQLite ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
        return try await onOneConnection(begin: { try await $0.raw(begin).run() }, body)
    }

    /// `begin`, then `body`, then COMMIT, all on one connection; ROLLBACK if anything throws. A
    /// transaction PostgreSQL aborted for meeting another (`isConflict`) is run again from BEGIN.
    private func onOneConnection<T: Sendable>(
        begin: @escaping @Sendable (any SQLDatabase) async throws -> Void, _ body: @escaping @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await Self.retryingConflicts {
            guard let fluent else { return try await Self.begun(sql, begin, body) }
            return try await fluent.withConnection { try await Self.begun(try await Self.session($0), begin, body) }
        }
    }

    /// A pooled connection's statements as a body sees them: on PostgreSQL, refused once the
    /// server has ended the connection (see `OpenConnectionSQL`).
    private static func session(_ connection: any Database) async throws -> any SQLDatabase {
        let sql = connection as! any SQLDatabase
        guard let postgres = connection as? any PostgresDatabase else { return sql }
        return OpenConnectionSQL(base: sql, connection: try await postgres.withConnection { $0.eventLoop.makeSucceededFuture($0) }.get())
    }

    private static func begun<T: Sendable>(
        _ sql: any SQLDatabase, _ begin: @Sendable (any SQLDatabase) async throws -> Void,
        _ body: @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await begin(sql)
        do {
            let result = try await body(sql)
            try await sql.raw("COMMIT").run()
            return result
        } catch {
            try? await sql.raw("ROLLBACK").run()
            throw error
        }
    }
}

extension StoreDatabase {
    /// Takes SQLite's write lock without parking a thread: a busy handler would sleep on one (up
    /// to 100 ms a try, so a queue of writers crawls); instead BUSY comes back at once and the
    /// task retries after a short, growing pause. Statements inside the transaction keep a
    /// normal busy timeout, except on a connection that keeps a zero one (the writer holds the
    /// only write lock, and in WAL mode nothing else can make its statements wait).
    private static func beginImmediate(_ sql: any SQLDatabase, settingTimeouts: Bool) async throws {
        if settingTimeouts { try await sql.raw("PRAGMA busy_timeout = 0").run() }
        let deadline = ContinuousClock.now + .seconds(10)
        var pause = Duration.microseconds(50)
        while true {
            do {
                try await sql.raw("BEGIN IMMEDIATE").run()
                break
            } catch  where Self.isSQLiteBusy(error) && ContinuousClock.now < deadline {
                try await Task.sleep(for: pause * Double.random(in: 0.5...1.5))
                pause = min(pause * 2, .milliseconds(4))
            }
        }
        if settingTimeouts { try await sql.raw("PRAGMA busy_timeout = 5000").run() }
    }

    private static func isSQLiteBusy(_ error: any Error) -> Bool {
        (error as? SQLiteError)?.reason == .busy || (error as? SQLiteInlineConnection.Failure)?.isBusy == true
    }
}

extension StoreDatabase {
    /// How often a transaction is tried when PostgreSQL keeps aborting it for meeting others.
    static let conflictAttempts = 4

    /// Whether PostgreSQL aborted the transaction for meeting another over the same rows: a
    /// serialization failure (40001) or a deadlock (40P01). Nothing of it was committed, so it
    /// may be run again from the start.
    public static func isConflict(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError, error.code == .server else { return false }
        return ["40001", "40P01"].contains(error.serverInfo?[.sqlState] ?? "")
    }

    /// Whether the database was too busy to do the work, which was not done: a transaction that
    /// kept meeting others (`isConflict`), or SQLite's write lock held by another past the wait.
    /// The caller is told so and to try again (503 service_busy), not that the server broke.
    public static func isBusy(_ error: any Error) -> Bool {
        isConflict(error) || isSQLiteBusy(error)
    }

    /// Runs `attempt`, a whole transaction, again while PostgreSQL aborts it for meeting another,
    /// `conflictAttempts` times at most, after a short random pause that grows, so that the two
    /// sides do not meet again in step; then lets the last conflict through (`isBusy`).
    static func retryingConflicts<T>(_ attempt: () async throws -> T) async throws -> T {
        var pause = Duration.milliseconds(2)
        for _ in 1..<conflictAttempts {
            do {
                return try await attempt()
            } catch  where isConflict(error) {
                try await Task.sleep(for: pause * Double.random(in: 0.5...1.5))
                pause *= 4
            }
        }
        return try await attempt()
    }
}
