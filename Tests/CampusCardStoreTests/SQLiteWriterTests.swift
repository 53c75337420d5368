import CampusCardCore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing

@testable import CampusCardStore

/// SQLite's charges are written on the writer's own connection and loop, beside every other
/// write to the file: another process's writer and the card office's top-ups.
@Suite struct SQLiteWriterTests {
    @Test func twoWritersAndTopUpsOnOneFileMoveEveryFenOnce() async throws {
        try await TestDatabase.with(.sqlite) { test in
            try await test.connect { runtime in
                // given ¥100 on a card, a terminal, and two server processes' writers on the file
                guard case .sqlite(let path) = runtime.location else { return }
                let f = try await LedgerFixture.make(on: runtime, cardholders: 1)
                let db = runtime.database
                _ = try await f.topUp(f.purses[0], .yuan(100), key: "start", on: db)
                let terminal = try await MerchantStore(db.sql, box: MasterKey.generate().key.secretBox).createTerminal(
                    merchant: f.canteen, schoolID: f.school.id, code: "POS-W", at: LedgerFixture.now)
                let writers = try (0..<2).map { _ in try SQLiteWriter(path: path, logger: DatabaseRuntime.quietLogger) }
                let batchers = writers.map { SpendBatcher($0) }
                // when 30 charges of ¥5 go through the two writers while 10 top-ups of ¥1 go through the pool
                let charged = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for i in 0..<30 {
                        group.addTask {
                            let request = TerminalSpendRequest(
                                terminal: terminal, nonce: "nonce-W\(i)-0000000000",
                                card: CardNumber(rawValue: LedgerFixture.staffNumber(0))!,
                                amount: .yuan(5), transactionID: "W\(i)")
                            let item = TerminalSpend.Item(
                                request: request, key: try IdempotencyKey(scope: "terminal:\(terminal.id)", key: "W\(i)"),
                                at: LedgerFixture.now)
                            switch await batchers[i % 2].submit(item) {
                            case .success: return true
                            case .failure(let error as CardError) where error.code == .insufficientBalance: return false
                            case .failure(let error): throw error
                            }
                        }
                    }
                    for i in 0..<10 {
                        group.addTask {
                            _ = try await f.topUp(f.purses[0], .yuan(1), key: "more-\(i)", on: db)
                            return false
                        }
                    }
                    return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
                for writer in writers { await writer.shutdown() }
                // then every charge that was answered as charged, and only those, left the purse
                #expect(charged >= 20 && charged <= 22)
                #expect(try await LedgerStore(db.sql).balance(of: f.purses[0].id) == Money(fen: 11_000 - Int64(charged) * 500))
                let audit = try await LedgerAuditor(db).audit()
                #expect(audit.holds, "\(audit.violations)")
            }
        }
    }

    @Test func theWritersOwnConnectionReadsWritesAndRollsBackAsThePoolDoes() async throws {
        try await TestDatabase.with(.sqlite) { test in
            try await test.connect { runtime in
                guard case .sqlite(let path) = runtime.location else { return }
                let writer = try SQLiteWriter(path: path, logger: DatabaseRuntime.quietLogger)
                let db = writer.database
                // every kind of value comes back as SQLite's pool returns it, on the writer's loop and off it
                let ask: SQLQueryString = "SELECT 7 AS i, 'é' AS t, NULL AS n, 1.5 AS f, x'00ff' AS b, 1 AS yes"
                let onLoop = await writer.run { await Result.of { try await db.sql.raw(ask).first() } }
                for row in [try onLoop.get(), try await db.sql.raw(ask).first()] {
                    let row = try #require(row)
                    #expect(try row.decode(column: "i", as: Int64.self) == 7)
                    #expect(try row.decode(column: "t", as: String.self) == "é")
                    #expect(try row.decode(column: "n", as: Int64?.self) == nil)
                    #expect(try row.decodeNil(column: "n"))
                    #expect(try row.decode(column: "f", as: Double.self) == 1.5)
                    #expect(try row.decode(column: "b", as: Data.self) == Data([0, 255]))
                    #expect(try row.decode(column: "yes", as: Bool.self))
                    #expect(row.allColumns == ["i", "t", "n", "f", "b", "yes"])
                    #expect(throws: (any Error).self) { try row.decode(column: "missing", as: Int64.self) }
                }
                // a transaction that fails part-way leaves nothing behind, binds included
                try await db.sql.raw("CREATE TABLE w (x INTEGER PRIMARY KEY, label TEXT NOT NULL)").run()
                let failed = await writer.run {
                    await Result.of {
                        try await db.transaction { sql in
                            try await sql.raw("INSERT INTO w VALUES (\(bind: 1), \(bind: "one"))").run()
                            try await sql.raw("INSERT INTO w VALUES (\(bind: 1), \(bind: "again"))").run()
                        }
                    }
                }
                #expect(throws: (any Error).self) { try failed.get() }
                #expect(try await runtime.database.sql.raw("SELECT count(*) AS n FROM w").first()?.decode(column: "n", as: Int.self) == 0)
                await writer.shutdown()
            }
        }
    }

    @Test func theWriterWaitsForAnotherProcesssWriteLock() async throws {
        try await TestDatabase.with(.sqlite) { test in
            try await test.connect { runtime in
                // given another process's transaction that holds the file's write lock
                guard case .sqlite(let path) = runtime.location else { return }
                let writer = try SQLiteWriter(path: path, logger: DatabaseRuntime.quietLogger)
                try await runtime.database.sql.raw("CREATE TABLE w (x INTEGER PRIMARY KEY)").run()
                let (held, holding) = AsyncStream<Void>.makeStream()
                let (release, releasing) = AsyncStream<Void>.makeStream()
                let other = Task {
                    try await runtime.database.transaction { sql in
                        try await sql.raw("INSERT INTO w VALUES (1)").run()
                        holding.yield()
                        for await _ in release { break }
                    }
                }
                for await _ in held { break }
                // when the writer begins a transaction, and the other commits a little later
                let written = Task {
                    await writer.run {
                        await Result.of { try await writer.database.transaction { try await $0.raw("INSERT INTO w VALUES (2)").run() } }
                    }
                }
                try await Task.sleep(for: .milliseconds(100))
                releasing.yield()
                try await other.value
                // then the writer waited for the lock instead of failing, and both rows are there
                try await written.value.get()
                #expect(try await runtime.database.sql.raw("SELECT count(*) AS n FROM w").first()?.decode(column: "n", as: Int.self) == 2)
                await writer.shutdown()
            }
        }
    }
}
