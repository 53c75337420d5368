import CampusCardCore
import CampusCardStore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing

/// PostgreSQL out of reach is told apart from a broken request: the answer is "nothing was done,
/// try again" (503), not an internal error, and never a wait for ever.
@Suite(.enabled(if: Engine.postgresURL != nil)) struct DatabaseUnavailableTests {
    @Test func aServerThatIsNotListeningIsUnavailable() async throws {
        // given a pool for a port nobody listens on
        let runtime = try DatabaseRuntime(.postgres(url: "postgres://postgres@127.0.0.1:9/nowhere"), connectionWait: .seconds(5))
        // when a query needs a connection
        let error = await #expect(throws: (any Error).self) { try await runtime.database.sql.raw("SELECT 1").run() }
        await runtime.shutdown()
        // then the error says the database is out of reach
        #expect(error.map(StoreDatabase.isUnavailable) == true)
    }

    @Test func aTransactionWhoseConnectionTheServerEndedBetweenStatementsFailsAtOnce() async throws {
        try await Self.onFreshDatabase { db in
            // when PostgreSQL ends a transaction's connection while it waits for its next statement
            let error = await Self.errorEndingATransaction(on: db) { sql, pid in
                try await Self.terminate(pid, from: db)
                try await sql.raw("SELECT 1").run()
            }
            // then the statement is refused at once (it used to wait for ever), as unavailable
            #expect(error.map(StoreDatabase.isUnavailable) == true)
        }
    }

    @Test func aTransactionWhoseConnectionTheServerEndedMidStatementFails() async throws {
        try await Self.onFreshDatabase { db in
            // when PostgreSQL ends a transaction's connection while a statement runs (a fast shutdown)
            let error = await Self.errorEndingATransaction(on: db) { sql, pid in
                async let terminated: Void = {
                    try await Task.sleep(for: .milliseconds(300))
                    try await Self.terminate(pid, from: db)
                }()
                try await sql.raw("SELECT pg_sleep(10)").run()
                try await terminated
            }
            // then the transaction ends (its ROLLBACK is not sent to the dead connection) as unavailable
            #expect(error.map(StoreDatabase.isUnavailable) == true)
            // and a mistake in a statement is not mistaken for that
            let mistake = await #expect(throws: (any Error).self) { try await db.sql.raw("SELECT 1 / 0").run() }
            #expect(mistake.map(StoreDatabase.isUnavailable) == false)
            #expect(StoreDatabase.isUnavailable(CardError.internalError) == false)
        }
    }

    private static func onFreshDatabase(_ check: (StoreDatabase) async throws -> Void) async throws {
        try await TestDatabase.with(.postgres) { test in try await test.connect { runtime in try await check(runtime.database) } }
    }

    /// Runs `body` in a transaction, given its connection's backend, and returns what it threw.
    private static func errorEndingATransaction(
        on db: StoreDatabase, _ body: @escaping @Sendable (any SQLDatabase, Int32) async throws -> Void
    ) async -> (any Error)? {
        await #expect(throws: (any Error).self) {
            try await db.transaction { sql in try await body(sql, try await backend(of: sql)) }
        }
    }

    private static func backend(of sql: any SQLDatabase) async throws -> Int32 {
        try await sql.raw("SELECT pg_backend_pid() AS pid").first(decodingColumn: "pid", as: Int32.self)!
    }

    /// Ends a backend as a fast shutdown does, and waits until it is gone.
    private static func terminate(_ pid: Int32, from db: StoreDatabase) async throws {
        try await db.sql.raw("SELECT pg_terminate_backend(\(bind: pid), 5000)").run()
    }
}
