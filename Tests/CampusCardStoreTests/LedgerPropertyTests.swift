import CampusCardCore
import CampusCardStore
import CampusCardTestSupport
import Foundation
import PropertyBased
import SQLKit
import Testing

/// Random sequences of top-ups, spends, refunds and repeats (duplicates, conflicting reuses of a
/// key), run partly concurrently, never break the ledger.
@Suite struct LedgerPropertyTests {
    enum Operation {
        case topUp, spend, refund

        var kind: TransferKind {
            switch self {
            case .topUp: .topUp
            case .spend: .spend
            case .refund: .refund
            }
        }
    }

    /// One integer decodes to one request; a small key space makes repeats and conflicts common.
    struct Step {
        var operation: Operation
        var purse: Int
        var amount: Money
        var key: String

        init(_ seed: Int) {
            operation = [.topUp, .spend, .spend, .refund][seed % 4]
            purse = (seed / 4) % 3
            amount = Money(fen: Int64(1 + (seed / 12) % 3_000))
            key = "K\((seed / 36_000) % 10)"
        }
    }

    @Test(arguments: Engine.available)
    func randomTrafficKeepsEveryInvariant(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let f = try await LedgerFixture.make(on: runtime)
                let db = runtime.database
                await propertyCheck(count: 25, input: Gen.int(in: 0...10_000_000).array(of: 1...30)) { seeds in
                    let round = UUID().uuidString
                    let before = try await balances(f.purses, db)
                    // when: the steps run in three concurrent streams
                    let steps = seeds.map(Step.init)
                    let outcomes = await withTaskGroup(of: [(Step, Result<TransferReceipt, any Error>)].self) { group in
                        for stream in 0..<3 {
                            group.addTask {
                                var results: [(Step, Result<TransferReceipt, any Error>)] = []
                                for step in steps.enumerated().filter({ $0.offset % 3 == stream }).map(\.element) {
                                    results.append((step, await Result.of { try await post(step, round: round, f, db) }))
                                }
                                return results
                            }
                        }
                        return await group.reduce(into: []) { $0 += $1 }
                    }
                    // then: only refusals the rules allow
                    for (_, outcome) in outcomes {
                        if case .failure(let error) = outcome {
                            let code = (error as? CardError)?.code
                            #expect(code == .insufficientBalance || code == .idempotencyConflict, "\(error)")
                        }
                    }
                    // every key was applied once, and a repeat got the first answer
                    let receipts = outcomes.compactMap { step, outcome in (try? outcome.get()).map { (step, $0) } }
                    var firstByKey: [String: TransferID] = [:]
                    for (step, receipt) in receipts where !receipt.isReplay {
                        #expect(firstByKey.updateValue(receipt.transferID, forKey: "\(step.operation)/\(step.key)") == nil)
                    }
                    for (step, receipt) in receipts where receipt.isReplay {
                        #expect(firstByKey["\(step.operation)/\(step.key)"] == receipt.transferID)
                    }
                    // each purse moved by exactly what was applied to it
                    let after = try await balances(f.purses, db)
                    for purse in 0..<3 {
                        let applied = receipts.filter { $0.0.purse == purse && !$0.1.isReplay }
                            .reduce(Int64(0)) { $0 + ($1.0.operation == .topUp ? $1.1.amount.fen : -$1.1.amount.fen) }
                        #expect(after[purse].fen - before[purse].fen == applied)
                        #expect(after[purse] >= .zero)
                    }
                    let audit = try await LedgerAuditor(db).audit()
                    #expect(audit.holds, "\(audit.violations)")
                }
            }
        }
    }

    private func post(_ step: Step, round: String, _ f: LedgerFixture, _ db: StoreDatabase) async throws -> TransferReceipt {
        let purse = f.purses[step.purse]
        let (from, to) =
            switch step.operation {
            case .topUp: (f.clearing, purse)
            case .spend: (purse, f.canteen.account)
            case .refund: (purse, f.cash)
            }
        let request = try TransferRequest(
            kind: step.operation.kind, from: from, to: to, amount: step.amount,
            key: IdempotencyKey(scope: "\(step.operation)-\(round.prefix(8))", key: step.key))
        return try await db.transaction { sql in try await LedgerStore(sql).post(request, schoolID: f.school.id, at: LedgerFixture.now) }
    }

    private func balances(_ purses: [LedgerAccount], _ db: StoreDatabase) async throws -> [Money] {
        var result: [Money] = []
        for purse in purses { result.append(try await LedgerStore(db.sql).balance(of: purse.id)) }
        return result
    }
}
