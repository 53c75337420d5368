import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing

/// The refund window (until the 5th of the next month, school local time) and the yearly expiry.
@Suite struct AutoTopUpRenewalAndRefundTests {
    /// Cardholder 0's agreement debited once at `at`: the debit's order number.
    static func debited(_ h: AutoTopUpHarness, at: Date) async throws -> String {
        if try await AutoTopUpAgreements(h.db).current(of: try await h.cardholderID(0)) == nil {
            _ = try await h.fixture.topUp(h.fixture.purses[0], .yuan(25), key: "seed", on: h.db)
            try await h.sign(0, at: at)
        }
        // down to ¥15, below the ¥20 threshold
        try await h.spend(0, try await h.balance(0) - .yuan(15), key: "s\(at.epochMilliseconds)", at: at)
        try await AutoDebitWorker(h.context(at: at)).run()
        return try #require(try await h.orders(0).first { $0.createdAt == Date(epochMilliseconds: at.epochMilliseconds) }).orderNo
    }

    @Test(arguments: Engine.available)
    func aRefundOnThe5thSucceedsAndOnThe6thIsRefused(engine: Engine) async throws {
        try await AutoTopUpHarness.with(engine) { _, h in
            let cardholder = try await h.cardholderID(0)
            let september = try await Self.debited(h, at: h.local("2026-09-28 12:00"))
            let later = try await Self.debited(h, at: h.local("2026-09-29 12:00"))
            let balance = try await h.balance(0)
            // on 5 October, late in the evening (school time), the first is refunded to the bank card
            let service = AutoTopUpService(h.context(at: h.local("2026-10-05 23:59")))
            let refund = try await service.refund(orderNo: september, cardholderID: cardholder, requestedBy: "cardholder", school: h.school)
            #expect(refund.status == .succeeded)
            #expect(refund.amount == .yuan(50))
            #expect(try await h.balance(0) == balance - .yuan(50))
            #expect(try await h.notices(0).last?.kind == "auto_top_up_refunded")
            // a second refund of it is refused
            await #expect(throws: CardError.self) {
                _ = try await service.refund(orderNo: september, cardholderID: cardholder, requestedBy: "cardholder", school: h.school)
            }
            // on 6 October the other is refused, with the rule and the day the window ended
            let sixth = AutoTopUpService(h.context(at: h.local("2026-10-06 00:00")))
            do {
                _ = try await sixth.refund(orderNo: later, cardholderID: cardholder, requestedBy: "cardholder", school: h.school)
                Issue.record("refunded after the window")
            } catch let error as CardError {
                #expect(error.code == .autoTopUpRefundWindowClosed)
                #expect(error.details["last_day"] == "2026-10-05")
            }
            // and the refund's purse debit started no new auto top-up
            try await AutoDebitWorker(h.context(at: h.local("2026-10-06 00:01"))).run()
            #expect(try await h.orders(0).count == 2)
        }
    }

    @Test(arguments: Engine.available)
    func aRefundIsTakenFromThePurseOnlyIfTheBalanceCoversIt(engine: Engine) async throws {
        try await AutoTopUpHarness.with(engine) { _, h in
            let cardholder = try await h.cardholderID(0)
            let at = h.local("2026-10-10 12:00")
            let order = try await Self.debited(h, at: at)
            try await h.spend(0, .yuan(40), key: "spent", at: at)
            let before = try await h.balance(0)
            await #expect(throws: CardError.self) {
                _ = try await AutoTopUpService(h.context(at: at)).refund(
                    orderNo: order, cardholderID: cardholder, requestedBy: "cardholder", school: h.school)
            }
            #expect(try await h.balance(0) == before)
            #expect(try await AutoTopUpRefunds(h.db).refunds(ofCardholder: cardholder).isEmpty)
        }
    }

    @Test(arguments: Engine.available)
    func anAgreementSignedInMarchStopsOn1September(engine: Engine) async throws {
        try await AutoTopUpHarness.with(engine) { _, h in
            let cardholder = try await h.cardholderID(0)
            _ = try await h.fixture.topUp(h.fixture.purses[0], .yuan(100), key: "seed", on: h.db)
            let agreement = try await h.sign(0, at: h.local("2027-03-10 10:00"))
            #expect(agreement.expiresAt == h.local("2027-09-01 00:00"))
            // in August the cardholder is reminded, once
            try await AutoDebitWorker(h.context(at: h.local("2027-07-31 23:59"))).run()
            #expect(try await h.notices(0).isEmpty)
            try await AutoDebitWorker(h.context(at: h.local("2027-08-01 08:00"))).run()
            try await AutoDebitWorker(h.context(at: h.local("2027-08-02 08:00"))).run()
            #expect(try await h.notices(0).map(\.kind) == ["auto_top_up_expiring"])
            // on 31 August it still debits
            try await h.spend(0, .yuan(85), key: "aug", at: h.local("2027-08-31 12:00"))
            try await AutoDebitWorker(h.context(at: h.local("2027-08-31 12:00"))).run()
            #expect(h.bank.debitCalls == 1)
            // on 1 September a dip below the threshold triggers nothing, and the cardholder is told why
            try await h.spend(0, .yuan(50), key: "sep", at: h.local("2027-09-01 00:00:01"))
            try await AutoDebitWorker(h.context(at: h.local("2027-09-01 00:00:01"))).run()
            #expect(h.bank.debitCalls == 1)
            #expect(try await AutoTopUpAgreements(h.db).latest(of: cardholder)?.status == .expired)
            #expect(try await h.notices(0).map(\.kind) == ["auto_top_up_expiring", "auto_top_up_done", "auto_top_up_expired"])
            // it cannot be resumed: it must be signed again
            await #expect(throws: CardError.self) {
                _ = try await AutoTopUpService(h.context(at: h.local("2027-09-02 08:00"))).resume(cardholderID: cardholder)
            }
        }
    }

    @Test(arguments: Engine.available)
    func pauseResumeChangeAndCancelAreRecordedWithWhoAndWhen(engine: Engine) async throws {
        try await AutoTopUpHarness.with(engine) { _, h in
            let cardholder = try await h.cardholderID(0)
            let at = h.local("2026-10-12 08:00")
            _ = try await h.fixture.topUp(h.fixture.purses[0], .yuan(25), key: "seed", on: h.db)
            let agreement = try await h.sign(0, at: at)
            let service = AutoTopUpService(h.context(at: at))
            #expect(try await service.pause(cardholderID: cardholder).status == .paused)
            // a paused agreement starts nothing on a dip
            try await h.spend(0, .yuan(10), key: "s1", at: at)
            try await AutoDebitWorker(h.context(at: at)).run()
            #expect(h.bank.debitCalls == 0)
            // resumed under the threshold, it debits at once
            #expect(try await service.resume(cardholderID: cardholder).debitState == .due)
            try await AutoDebitWorker(h.context(at: at)).run()
            #expect(h.bank.debitCalls == 1)
            let changed = try await service.change(cardholderID: cardholder, threshold: "30", amount: "100", school: h.school)
            #expect(changed.threshold == .yuan(30))
            #expect(changed.amount == .yuan(100))
            await #expect(throws: CardError.self) {
                _ = try await service.change(cardholderID: cardholder, threshold: "30", amount: "5000", school: h.school)
            }
            #expect(try await service.cancel(cardholderID: cardholder).status == .cancelled)
            let changes = try await AutoTopUpAgreements(h.db).changes(of: agreement.id)
            #expect(changes.map(\.action) == ["open", "sign", "pause", "resume", "change", "cancel"])
            #expect(changes.dropFirst(2).allSatisfy { $0.actor == "cardholder:\(cardholder)" && $0.at == at })
            await #expect(throws: CardError.self) { _ = try await service.pause(cardholderID: cardholder) }
        }
    }
}
