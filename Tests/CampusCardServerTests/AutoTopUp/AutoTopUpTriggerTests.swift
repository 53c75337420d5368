import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing

/// When a spend leaves the purse below the threshold, exactly one debit is started for that dip.
@Suite struct AutoTopUpTriggerTests {
    @Test(arguments: Engine.available)
    func threeSpendsCrossingTheThresholdInQuickSuccessionStartOneDebit(engine: Engine) async throws {
        try await AutoTopUpHarness.with(engine) { _, h in
            // given ¥30 on the card and an agreement "below ¥20, ¥50"
            let now = h.local("2026-10-12 11:58")
            _ = try await h.fixture.topUp(h.fixture.purses[0], .yuan(30), key: "seed", on: h.db)
            try await h.sign(0, at: now)
            // when three spends cross the threshold one after another, before the upkeep runs
            for (n, amount) in [Money.yuan(12), .yuan(5), .yuan(4)].enumerated() {
                try await h.spend(0, amount, key: "lunch\(n)", at: now)
            }
            try await AutoDebitWorker(h.context(at: now)).run()
            try await AutoDebitWorker(h.context(at: now.addingTimeInterval(1))).run()
            // then one debit was started, and credited: ¥9 + ¥50
            #expect(h.bank.debitCalls == 1)
            let orders = try await h.orders(0)
            #expect(orders.count == 1)
            #expect(orders.first?.status == .credited)
            #expect(orders.first?.provider == .unionPay)
            #expect(try await h.balance(0) == .yuan(59))
            #expect(try await h.notices(0).map(\.kind) == ["auto_top_up_done"])
            // and the next dip starts the next one
            try await h.spend(0, .yuan(45), key: "dinner", at: now)
            try await AutoDebitWorker(h.context(at: now.addingTimeInterval(60))).run()
            #expect(h.bank.debitCalls == 2)
            #expect(try await h.balance(0) == .yuan(64))
        }
    }

    /// The purse carries its agreement's threshold for the watch to read (charges of purses
    /// without one run no watch): the watch fires on the changed threshold, and on none after cancel.
    @Test(arguments: Engine.available)
    func theWatchFollowsTheThresholdAsChangedAndStopsWithTheAgreement(engine: Engine) async throws {
        try await AutoTopUpHarness.with(engine) { _, h in
            let now = h.local("2026-10-12 11:58")
            func watched(_ i: Int) async throws -> Int64? {
                try await h.db.sql.raw("SELECT auto_topup_threshold FROM accounts WHERE id = \(bind: h.fixture.purses[i].id)").first(
                    decodingColumn: "auto_topup_threshold", as: Int64?.self) ?? nil
            }
            // given ¥100, and an agreement "below ¥20, ¥50" changed to "below ¥80, ¥50"
            _ = try await h.fixture.topUp(h.fixture.purses[0], .yuan(100), key: "seed", on: h.db)
            #expect(try await watched(0) == nil)
            let agreements = AutoTopUpAgreements(h.db)
            let signed = try await h.sign(0, at: now)
            #expect(try await watched(0) == 2_000)
            _ = try await agreements.change(signed.id, threshold: .yuan(80), amount: .yuan(50), actor: "test", at: now)
            #expect(try await watched(0) == 8_000)
            #expect(try await watched(1) == nil)
            // when a spend leaves ¥75, under the new threshold but over the old
            try await h.spend(0, .yuan(25), key: "lunch", at: now)
            // then the debit is started
            try await AutoDebitWorker(h.context(at: now)).run()
            #expect(h.bank.debitCalls == 1)
            #expect(try await h.balance(0) == .yuan(125))
            // and after cancelling, the watch is off: a dip starts nothing
            _ = try await agreements.cancel(signed.id, actor: "test", at: now)
            #expect(try await watched(0) == nil)
            try await h.spend(0, .yuan(100), key: "dinner", at: now)
            try await AutoDebitWorker(h.context(at: now.addingTimeInterval(3600))).run()
            #expect(h.bank.debitCalls == 1)
        }
    }

    /// Two server processes share a PostgreSQL (SQLite is one process's file: its writers queue in
    /// that process, and the other tests here run it).
    @Test(arguments: Engine.available.filter { $0 == .postgres })
    func twoServerProcessesOnOnePostgreSQLStartOneDebitPerDip(engine: Engine) async throws {
        try await AutoTopUpHarness.with(engine, cardholders: 6) { test, h in
            let now = h.local("2026-10-12 12:01")
            for i in 0..<6 {
                _ = try await h.fixture.topUp(h.fixture.purses[i], .yuan(25), key: "seed\(i)", on: h.db)
                try await h.sign(i, at: now)
            }
            try await test.connect { other in
                // when both processes charge every card across its threshold at once
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for i in 0..<6 {
                        group.addTask { try await h.spend(i, .yuan(4), key: "a\(i)", at: now) }
                        group.addTask { try await h.spend(i, .yuan(3), key: "b\(i)", at: now, on: other.database) }
                    }
                    try await group.waitForAll()
                }
                // and both run their upkeep at once, twice
                for pass in 0..<2 {
                    let at = now.addingTimeInterval(Double(pass))
                    async let first: Void = AutoDebitWorker(h.context(at: at)).run()
                    async let second: Void = AutoDebitWorker(h.context(at: at, on: other.database)).run()
                    _ = try await (first, second)
                }
            }
            // then each card was debited once and credited once
            #expect(h.bank.debitCalls == 6)
            for i in 0..<6 {
                #expect(try await h.orders(i).map(\.status) == [.credited])
                #expect(try await h.balance(i) == .yuan(68))
            }
        }
    }

    @Test(arguments: Engine.available)
    func noDebitStartsWhileTheBankIsStillProcessingOneAndTheConfirmationCreditsItOnce(engine: Engine) async throws {
        try await AutoTopUpHarness.with(engine) { _, h in
            let now = h.local("2026-10-12 18:00")
            try await h.dipped(0, card: .processingFirst, balance: .yuan(21), left: .yuan(19), at: now)
            try await AutoDebitWorker(h.context(at: now)).run()
            // the bank answered "processing": the order waits, and later dips start nothing
            let order = try #require(try await h.orders(0).first)
            #expect(order.status == .awaitingPayment)
            try await h.fixture.topUp(h.fixture.purses[0], .yuan(10), key: "by-hand", on: h.db)
            try await h.spend(0, .yuan(15), key: "s2", at: now)
            try await AutoDebitWorker(h.context(at: now.addingTimeInterval(30))).run()
            #expect(h.bank.debitCalls == 1)
            // and an order past its unpaid expiry is never closed while the bank processes it
            try await TopUpReconciler(h.context(at: now.addingTimeInterval(3600))).run()
            #expect(try await h.orders(0).first?.status == .awaitingPayment)
            // when the bank's notification comes, twice, it is credited once
            let outcome = h.bank.confirm(order.orderNo)
            try await AutoDebitSettlement(h.context(at: now.addingTimeInterval(3601))).debit(order, outcome: outcome)
            try await AutoDebitSettlement(h.context(at: now.addingTimeInterval(3602))).debit(order, outcome: outcome)
            #expect(try await h.orders(0).map(\.status) == [.credited])
            #expect(try await h.balance(0) == .yuan(64))
            #expect(try await h.notices(0).map(\.kind) == ["auto_top_up_done"])
        }
    }

    @Test(arguments: Engine.available)
    func aProcessingDebitIsCreditedByTheUpkeepsQuery(engine: Engine) async throws {
        try await AutoTopUpHarness.with(engine) { _, h in
            let now = h.local("2026-10-12 18:00")
            try await h.dipped(0, card: .processingFirst, balance: .yuan(21), left: .yuan(19), at: now)
            try await AutoDebitWorker(h.context(at: now)).run()
            let order = try #require(try await h.orders(0).first)
            h.bank.confirm(order.orderNo)
            // before the query delay nothing is asked; after it the answer credits the order
            try await AutoDebitWorker(h.context(at: now.addingTimeInterval(10))).run()
            #expect(try await h.orders(0).first?.status == .awaitingPayment)
            try await AutoDebitWorker(h.context(at: now.addingTimeInterval(61))).run()
            #expect(try await h.orders(0).first?.status == .credited)
            #expect(try await h.balance(0) == .yuan(69))
        }
    }
}
