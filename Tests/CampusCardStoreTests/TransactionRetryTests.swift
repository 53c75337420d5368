import CampusCardCore
import CampusCardTestSupport
import Foundation
import SQLKit
import Synchronization
import Testing

@testable import CampusCardStore

/// A transaction PostgreSQL aborts for meeting another (a deadlock, a serialization failure) is
/// run again from the start, a few times at most; what still fails is "busy, nothing was done",
/// never a half-done transaction.
@Suite struct TransactionRetryTests {
    @Test(.enabled(if: Engine.postgresURL != nil)) func aTransactionChosenAsADeadlocksVictimIsRunAgainWhole() async throws {
        try await Self.onFreshDatabase { db in
            // given two rows
            try await db.sql.raw("CREATE TABLE retry_rows (id BIGINT PRIMARY KEY, n BIGINT NOT NULL)").run()
            try await db.sql.raw("INSERT INTO retry_rows VALUES (1, 0), (2, 0)").run()
            let attempts = Shared([0, 0])
            let firstLocks = Shared(0)
            // when two transactions each take one row, then, once both hold theirs, the other's
            @Sendable func crossing(_ side: Int, first: Int64, then second: Int64) async throws {
                try await db.transaction { sql in
                    let attempt = attempts.value.withLock {
                        $0[side] += 1
                        return $0[side]
                    }
                    try await sql.raw("UPDATE retry_rows SET n = n + 1 WHERE id = \(bind: first)").run()
                    if attempt == 1 {
                        firstLocks.value.withLock { $0 += 1 }
                        while firstLocks.value.withLock({ $0 }) < 2 { try await Task.sleep(for: .milliseconds(10)) }
                    }
                    try await sql.raw("UPDATE retry_rows SET n = n + 1 WHERE id = \(bind: second)").run()
                }
            }
            async let one: Void = crossing(0, first: 1, then: 2)
            async let other: Void = crossing(1, first: 2, then: 1)
            // then PostgreSQL aborts one of them (40P01), which is run again and commits: both succeed
            try await one
            try await other
            #expect(attempts.value.withLock { $0.reduce(0, +) } == 3)
            // and each row was added to once per committed transaction: the aborted try left nothing
            let counts = try await db.sql.raw("SELECT n FROM retry_rows ORDER BY id").all(decodingColumn: "n", as: Int64.self)
            #expect(counts == [2, 2])
        }
    }

    @Test(.enabled(if: Engine.postgresURL != nil)) func aTransactionThatKeepsMeetingOthersIsTriedAFewTimesThenBusy() async throws {
        try await Self.onFreshDatabase { db in
            // given a table
            try await db.sql.raw("CREATE TABLE retry_rows (id BIGINT PRIMARY KEY, n BIGINT NOT NULL)").run()
            let attempts = Shared(0)
            // when every try writes, then is aborted as a deadlock's victim
            let error = await #expect(throws: (any Error).self) {
                try await db.transaction { sql in
                    let attempt = attempts.value.withLock {
                        $0 += 1
                        return $0
                    }
                    try await sql.raw("INSERT INTO retry_rows VALUES (\(bind: Int64(attempt)), 0)").run()
                    try await sql.raw("DO $$ BEGIN RAISE EXCEPTION 'deadlock' USING ERRCODE = 'deadlock_detected'; END $$").run()
                }
            }
            // then it was tried four times, and the last conflict comes out as busy, with nothing written
            #expect(attempts.value.withLock { $0 } == StoreDatabase.conflictAttempts)
            #expect(error.map(StoreDatabase.isConflict) == true)
            #expect(error.map(StoreDatabase.isBusy) == true)
            #expect(try await db.sql.raw("SELECT count(*) AS n FROM retry_rows").first(decodingColumn: "n", as: Int64.self) == 0)
            // and a mistake in a statement is neither retried nor busy
            attempts.value.withLock { $0 = 0 }
            let mistake = await #expect(throws: (any Error).self) {
                try await db.transaction { sql in
                    attempts.value.withLock { $0 += 1 }
                    try await sql.raw("SELECT 1 / 0").run()
                }
            }
            #expect(attempts.value.withLock { $0 } == 1)
            #expect(mistake.map(StoreDatabase.isBusy) == false)
        }
    }

    @Test func sqliteBusyIsBusyAndNothingElseIs() {
        #expect(StoreDatabase.isBusy(SQLiteInlineConnection.Failure(code: 5, message: "database is locked")))
        #expect(!StoreDatabase.isConflict(SQLiteInlineConnection.Failure(code: 5, message: "database is locked")))
        #expect(!StoreDatabase.isBusy(SQLiteInlineConnection.Failure(code: 19, message: "constraint failed")))
        #expect(!StoreDatabase.isBusy(CardError.internalError))
    }

    private static func onFreshDatabase(_ check: (StoreDatabase) async throws -> Void) async throws {
        try await TestDatabase.with(.postgres) { test in try await test.connect { runtime in try await check(runtime.database) } }
    }
}

/// A value the tries of a transaction count in, from whichever task runs them.
private final class Shared<Value: Sendable>: Sendable {
    let value: Mutex<Value>

    init(_ value: Value) {
        self.value = Mutex(value)
    }
}
