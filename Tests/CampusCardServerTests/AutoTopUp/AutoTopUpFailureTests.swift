import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing

/// A refused debit is recorded with the bank's code and our reason, told at once, retried on the
/// school's schedule, and after the school's number of failures pauses the agreement.
@Suite struct AutoTopUpFailureTests {
    @Test(arguments: Engine.available)
    func aCardWithNoFundsGivesAFailedAttemptAndAnImmediateNoticeThenRetriesThenPauses(engine: Engine) async throws {
        try await AutoTopUpHarness.with(engine) { _, h in
            let now = h.local("2026-10-12 12:00")
            try await h.dipped(0, card: .noFunds, at: now)
            try await AutoDebitWorker(h.context(at: now)).run()
            // then the attempt failed with the bank's code and our reason, the order failed and gave its limit back
            let cardholder = try await h.cardholderID(0)
            let debits = try await AutoTopUpDebits(h.db).debits(ofCardholder: cardholder)
            #expect(debits.map(\.status) == [.failed])
            #expect(debits.first?.bankCode == "51")
            #expect(debits.first?.reason == .insufficientFunds)
            #expect(try await h.orders(0).map(\.status) == [.failed])
            #expect(try await TopUpOrders(h.db).reserved(cardholderID: cardholder, on: LocalDate(now, in: h.timeZone)) == .zero)
            // and the cardholder was told the moment the answer came, with the amount and the next try
            let notices = try await h.notices(0)
            #expect(notices.map(\.kind) == ["auto_top_up_failed"])
            #expect(notices.first?.at == now)
            #expect(notices.first?.body.contains("¥50") == true)
            #expect(notices.first?.body.contains("银行卡余额不足") == true)
            #expect(notices.first?.body.contains("2026-10-12 12:30") == true)
            // a pass before the school's wait (30 min) tries nothing
            try await AutoDebitWorker(h.context(at: now.addingTimeInterval(29 * 60))).run()
            #expect(h.bank.debitCalls == 1)
            // after it, the second try; then after the second wait (240 min), the third: paused
            try await AutoDebitWorker(h.context(at: now.addingTimeInterval(30 * 60))).run()
            #expect(h.bank.debitCalls == 2)
            try await AutoDebitWorker(h.context(at: now.addingTimeInterval(30 * 60 + 239 * 60))).run()
            #expect(h.bank.debitCalls == 2)
            let third = now.addingTimeInterval(30 * 60 + 240 * 60)
            try await AutoDebitWorker(h.context(at: third)).run()
            #expect(h.bank.debitCalls == 3)
            let agreement = try #require(try await AutoTopUpAgreements(h.db).current(of: cardholder))
            #expect(agreement.status == .paused)
            #expect(
                try await h.notices(0).map(\.kind) == [
                    "auto_top_up_failed", "auto_top_up_failed", "auto_top_up_failed", "auto_top_up_paused",
                ])
            #expect(try await AutoTopUpAgreements(h.db).changes(of: agreement.id).last?.action == "pause")
            // and a paused agreement starts nothing, however low the purse goes
            try await h.spend(0, .yuan(10), key: "s2", at: third)
            try await AutoDebitWorker(h.context(at: third.addingTimeInterval(86_400))).run()
            #expect(h.bank.debitCalls == 3)
        }
    }

    @Test(arguments: Engine.available)
    func eachBankRefusalIsRecordedWithItsCodeAndReason(engine: Engine) async throws {
        try await AutoTopUpHarness.with(engine, cardholders: 3) { _, h in
            let now = h.local("2026-10-12 12:00")
            let cards: [(InMemoryAutoDebit.Card, String, AutoDebitReason)] = [
                (.blocked, "62", .cardBlocked), (.notEnabled, "57", .onlinePaymentDisabled), (.overLimit, "61", .overBankLimit),
            ]
            for (i, card) in cards.enumerated() { try await h.dipped(i, card: card.0, at: now) }
            try await AutoDebitWorker(h.context(at: now)).run()
            for (i, card) in cards.enumerated() {
                let debit = try #require(try await AutoTopUpDebits(h.db).debits(ofCardholder: try await h.cardholderID(i)).first)
                #expect(debit.bankCode == card.1)
                #expect(debit.reason == card.2)
                #expect(try await h.notices(i).map(\.kind) == ["auto_top_up_failed"])
            }
        }
    }

    @Test(arguments: Engine.available)
    func limitsHoldWithAutoTopUpsInTheMix(engine: Engine) async throws {
        try await AutoTopUpHarness.with(engine) { _, h in
            let now = h.local("2026-10-12 09:00")
            let cardholder = try await h.cardholderID(0)
            // given ¥1,980 of today's ¥2,000 already ordered by hand
            for n in 0..<4 {
                let amount: Money = n < 3 ? .yuan(500) : .yuan(480)
                let quote = try TopUpQuote(kind: .custom, amount: amount, settings: h.school.settings)
                _ = try await TopUpOrders(h.db).create(
                    .init(
                        school: h.school, cardholderID: cardholder, purse: h.fixture.purses[0], provider: .alipay, quote: quote,
                        requestKey: "m\(n)"),
                    at: now)
            }
            _ = try await h.fixture.topUp(h.fixture.purses[0], .yuan(25), key: "seed", on: h.db)
            try await h.sign(0, at: now)
            // when a spend crosses the threshold, the ¥50 debit would pass the day's limit
            try await h.spend(0, .yuan(10), key: "s1", at: now)
            try await AutoDebitWorker(h.context(at: now)).run()
            // then the bank is not asked, the attempt is recorded as our limit, and the cardholder told
            #expect(h.bank.debitCalls == 0)
            let debit = try #require(try await AutoTopUpDebits(h.db).debits(ofCardholder: cardholder).first)
            #expect(debit.status == .failed)
            #expect(debit.reason == .topUpLimit)
            #expect(try await h.notices(0).map(\.kind) == ["auto_top_up_failed"])
            #expect(try await TopUpOrders(h.db).reserved(cardholderID: cardholder, on: LocalDate(now, in: h.timeZone)) == .yuan(1980))
            // the next local day the retry goes through within the new day's limit
            try await AutoDebitWorker(h.context(at: h.local("2026-10-13 00:01"))).run()
            #expect(h.bank.debitCalls == 1)
            #expect(try await h.orders(0).first?.status == .credited)
            // and a cardholder cannot choose an amount over the school's bounds (single limit included)
            #expect(throws: CardError.self) {
                try AutoTopUpTerms(settings: h.school.settings, timeZone: h.timeZone).check(threshold: .yuan(20), amount: .yuan(501))
            }
        }
    }

    /// UnionPay's "no such transaction" may only mean the request is still on its way: for an
    /// hour after it was sent a debit waits and is asked about again, and is only then taken as
    /// never sent (failed, told, tried again on the school's schedule). Never two debits at once.
    @Test(arguments: Engine.available)
    func aDebitTheBankHasNotSeenIsAskedAboutForAnHourBeforeItCountsAsNeverSent(engine: Engine) async throws {
        try await AutoTopUpHarness.with(engine) { _, h in
            let now = h.local("2026-10-12 12:00")
            let cardholder = try await h.cardholderID(0)
            // given a debit lost on its way to the bank
            try await h.dipped(0, card: .unreached, at: now)
            try await AutoDebitWorker(h.context(at: now)).run()
            #expect(h.bank.debitCalls == 1)
            // when the upkeep asks within the hour, the bank has no such transaction, and nothing changes
            for minutes in [1.0, 30, 59] {
                try await AutoDebitWorker(h.context(at: now.addingTimeInterval(minutes * 60))).run()
            }
            #expect(try await h.orders(0).map(\.status) == [.awaitingPayment])
            #expect(try await AutoTopUpDebits(h.db).debits(ofCardholder: cardholder).map(\.status) == [.processing])
            #expect(try await h.notices(0).isEmpty)
            #expect(h.bank.debitCalls == 1)
            // then an hour after it was sent it counts as never sent: failed, told, tried again later
            let hour = now.addingTimeInterval(3600)
            try await AutoDebitWorker(h.context(at: hour)).run()
            #expect(try await h.orders(0).map(\.status) == [.failed])
            #expect(try await AutoTopUpDebits(h.db).debits(ofCardholder: cardholder).map(\.status) == [.failed])
            #expect(try await h.notices(0).map(\.kind) == ["auto_top_up_failed"])
            #expect(try await h.notices(0).first?.body.contains("2026-10-12 13:30") == true)
            #expect(h.bank.debitCalls == 1)
            try await AutoDebitWorker(h.context(at: hour.addingTimeInterval(30 * 60))).run()
            #expect(h.bank.debitCalls == 2)
        }
    }

    /// A refund lost on its way is asked about for an hour too; only then does its money go back
    /// to the purse, with the cardholder told.
    @Test(arguments: Engine.available)
    func aRefundTheBankHasNotSeenKeepsItsMoneyOutOfThePurseForAnHour(engine: Engine) async throws {
        try await AutoTopUpHarness.with(engine) { _, h in
            let now = h.local("2026-10-12 12:00")
            let cardholder = try await h.cardholderID(0)
            try await h.dipped(0, card: .funds, at: now)
            try await AutoDebitWorker(h.context(at: now)).run()
            let debit = try #require(try await h.orders(0).first)
            #expect(debit.status == .credited)
            #expect(try await h.balance(0) == .yuan(65))
            // given a refund lost on its way to the bank
            h.bank.refundsReach = false
            let asked = now.addingTimeInterval(600)
            let refund = try await AutoTopUpService(h.context(at: asked)).refund(
                orderNo: debit.orderNo, cardholderID: cardholder, requestedBy: "cardholder", school: h.school)
            #expect(refund.status == .requested)
            #expect(try await h.balance(0) == .yuan(15))
            // when the upkeep asks within the hour, nothing changes
            for minutes in [1.0, 59] {
                try await AutoDebitWorker(h.context(at: asked.addingTimeInterval(minutes * 60))).run()
            }
            #expect(try await AutoTopUpRefunds(h.db).refund(number: refund.refundNo)?.status == .requested)
            #expect(try await h.balance(0) == .yuan(15))
            // then an hour after it was asked it counts as never sent: the money is back on the purse
            try await AutoDebitWorker(h.context(at: asked.addingTimeInterval(3600))).run()
            #expect(try await AutoTopUpRefunds(h.db).refund(number: refund.refundNo)?.status == .failed)
            #expect(try await h.balance(0) == .yuan(65))
            #expect(try await h.notices(0).last?.body.contains("款项已退回校园卡余额") == true)
        }
    }
}
