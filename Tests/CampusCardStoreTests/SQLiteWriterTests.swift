import CampusCardCore
import CampusCardTestSupport
import Foundation
import NIOPosix
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
                let threads = NIOThreadPool(numberOfThreads: 4)
                threads.start()
                let writers = (0..<2).map { _ in SQLiteWriter(path: path, threadPool: threads, logger: DatabaseRuntime.quietLogger) }
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
                try await threads.shutdownGracefully()
                // then every charge that was answered as charged, and only those, left the purse
                #expect(charged >= 20 && charged <= 22)
                #expect(try await LedgerStore(db.sql).balance(of: f.purses[0].id) == Money(fen: 11_000 - Int64(charged) * 500))
                let audit = try await LedgerAuditor(db).audit()
                #expect(audit.holds, "\(audit.violations)")
            }
        }
    }
}
