import CampusCardStore
import Foundation
import SQLKit

/// Every store test runs on each engine: SQLite always, PostgreSQL when
/// `CAMPUSCARD_TEST_POSTGRES_URL` names a server (CI always gives one, and a CI run without it
/// fails rather than passing on SQLite alone).
public enum Engine: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite, postgres

    public static var postgresURL: String? { ProcessInfo.processInfo.environment["CAMPUSCARD_TEST_POSTGRES_URL"] }

    public static var available: [Engine] {
        if postgresURL != nil { return [.sqlite, .postgres] }
        precondition(ProcessInfo.processInfo.environment["CI"] == nil, "CI must set CAMPUSCARD_TEST_POSTGRES_URL")
        return [.sqlite]
    }

    public var description: String { rawValue }
}

/// A fresh, migrated database for one test: a new SQLite file, or a new PostgreSQL schema.
/// `connect()` opens further pools on the same data, as a second server process would.
public struct TestDatabase: Sendable {
    public let location: DatabaseLocation
    let cleanup: @Sendable () async throws -> Void

    public static func with<T: Sendable>(_ engine: Engine, _ body: (TestDatabase) async throws -> T) async throws -> T {
        let database = try await make(engine)
        do {
            let result = try await body(database)
            try await database.cleanup()
            return result
        } catch {
            try? await database.cleanup()
            throw error
        }
    }

    private static func make(_ engine: Engine) async throws -> TestDatabase {
        let name = "t_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16))"
        switch engine {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("campuscard-\(name).sqlite").path
            let db = TestDatabase(location: .sqlite(path: path)) {
                for file in ["", ".progress"] {
                    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + file + suffix) }
                }
            }
            try await db.migrate()
            return db
        case .postgres:
            let base = Engine.postgresURL!
            let admin = TestDatabase(location: .postgres(url: base)) {}
            try await admin.connect { try await $0.database.sql.raw("CREATE SCHEMA \(unsafeRaw: name)").run() }
            let separator = base.contains("?") ? "&" : "?"
            let db = TestDatabase(location: .postgres(url: "\(base)\(separator)search_path=\(name)")) {
                try await admin.connect { try await $0.database.sql.raw("DROP SCHEMA \(unsafeRaw: name) CASCADE").run() }
            }
            try await db.migrate()
            return db
        }
    }

    private func migrate() async throws {
        try await connect { runtime in try await runtime.migrate() }
    }

    @discardableResult
    public func connect<T: Sendable>(_ body: (DatabaseRuntime) async throws -> T) async throws -> T {
        // Every suite runs at once on two cores: a burst of fifty may queue for minutes.
        let runtime = try DatabaseRuntime(location, connectionWait: .minutes(5))
        do {
            let result = try await body(runtime)
            await runtime.shutdown()
            return result
        } catch {
            await runtime.shutdown()
            throw error
        }
    }
}
