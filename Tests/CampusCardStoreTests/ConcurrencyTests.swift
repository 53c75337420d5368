import CampusCardCore
import CampusCardStore
import CampusCardTestSupport
import Foundation
import Testing

/// Races that only the database can settle: no in-process lock helps two server processes.
@Suite struct ConcurrencyTests {
    @Test(arguments: Engine.available)
    func twoProcessesSpendingTheSameBalanceExactlyOneWins(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await test.connect { try await LedgerFixture.make(on: $0) }
            try await test.connect { try await f.topUp(f.purses[0], .yuan(10), key: "A1", on: $0.database) }
            // when two separate pools, as two server processes would, each spend the whole balance
            let outcomes = try await test.connect { first in
                try await test.connect { second in
                    async let a = Result.of { try await f.spend(f.purses[0], .yuan(10), key: "P1", on: first.database) }
                    async let b = Result.of { try await f.spend(f.purses[0], .yuan(10), key: "P2", on: second.database) }
                    return await [a, b]
                }
            }
            // then exactly one wins and the other is told the balance is short
            #expect(outcomes.filter { (try? $0.get()) != nil }.count == 1)
            #expect(outcomes.contains { if case .failure(let e as CardError) = $0 { e.code == .insufficientBalance } else { false } })
            let (balance, audit) = try await test.connect { runtime in
                (try await LedgerStore(runtime.database.sql).balance(of: f.purses[0].id), try await LedgerAuditor(runtime.database).audit())
            }
            #expect(balance == .zero)
            #expect(audit.holds)
        }
    }

    @Test(arguments: Engine.available)
    func fiftyConcurrentSpendsAgainstAPurseThatCoversTen(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let f = try await LedgerFixture.make(on: runtime)
                let db = runtime.database
                _ = try await f.topUp(f.purses[0], .yuan(10), key: "A1", on: db)
                let results = await withTaskGroup(of: Result<TransferReceipt, any Error>.self) { group in
                    for i in 0..<50 {
                        group.addTask { await Result.of { try await f.spend(f.purses[0], .yuan(1), key: "S\(i)", on: db) } }
                    }
                    return await group.reduce(into: []) { $0.append($1) }
                }
                // exactly ten charged, and every other one refused for want of money, nothing else
                #expect(results.filter { (try? $0.get()) != nil }.count == 10)
                #expect(
                    results.filter { if case .failure(let e as CardError) = $0 { e.code == .insufficientBalance } else { false } }.count
                        == 40, "\(results.compactMap { if case .failure(let e) = $0 { "\(e)" } else { nil } })")
                #expect(try await LedgerStore(db.sql).balance(of: f.purses[0].id) == .zero)
                #expect(try await LedgerAuditor(db).audit().holds)
            }
        }
    }

    @Test(arguments: Engine.available)
    func theSameKeyRacedFromTwoProcessesIsAppliedOnce(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            let f = try await test.connect { try await LedgerFixture.make(on: $0) }
            try await test.connect { try await f.topUp(f.purses[0], .yuan(10), key: "A1", on: $0.database) }
            let receipts = try await test.connect { first in
                try await test.connect { second in
                    async let a = f.spend(f.purses[0], .yuan(4), key: "SAME", on: first.database)
                    async let b = f.spend(f.purses[0], .yuan(4), key: "SAME", on: second.database)
                    return try await [a, b]
                }
            }
            #expect(receipts[0].transferID == receipts[1].transferID)
            #expect(receipts.filter(\.isReplay).count == 1)
            let balance = try await test.connect { try await LedgerStore($0.database.sql).balance(of: f.purses[0].id) }
            #expect(balance == .yuan(6))
        }
    }
}
