import CampusCardChannels
import CampusCardCore
import CampusCardSandbox
import CampusCardServer
import CampusCardServices
import CampusCardStore
import CampusCardTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// Auto top-up's bank side (`UnionPayAutoDebit`) against the sandbox's UnionPay: token opening
/// with the bank's SMS, debits and each refusal told apart, processing codes, refunds, deletion.
@Suite struct UnionPayAutoDebitTests {
    static func channel(_ f: AppFixture) throws -> UnionPayAutoDebit {
        let context = try f.services()
        return UnionPayAutoDebit(access: try #require(context.channels).unionPay, transport: context.transport)
    }

    static func opening(_ f: AppFixture, card: String, _ number: String) -> AutoDebitOpening {
        AutoDebitOpening(
            openingNo: "AO\(number)\(RandomNonce.make(length: 10))", cardNumber: card, holderName: "张三", idNumber: "110101200001011234",
            phone: "13800138000", startedAt: f.clock.now)
    }

    /// A token for `card`, opened with the bank's SMS code.
    static func token(_ f: AppFixture, card: String) async throws -> AutoDebitToken {
        let channel = try channel(f)
        let opening = opening(f, card: card, "T")
        #expect(try await channel.beginOpening(opening, at: f.clock.now) == .smsSent(maskedPhone: "138****8000"))
        return try await channel.completeOpening(opening, verificationCode: "111111", at: f.clock.now)
    }

    /// A top-up order of the school app's bank channel, for the debit to pay.
    static func order(_ f: AppFixture, _ phone: Phone, _ binding: Int64, key: String) async throws -> TopUpOrder {
        let body = try await phone.send(
            .POST, "bindings/\(binding)/top-ups", ["kind": "custom", "amount": "20", "request_id": key, "pays_with": "unionpay"]
        ).content.decode(TopUpRoutesTests.OrderBody.self)
        return try #require(try await TopUpOrders(f.app.store).order(number: body.order_no))
    }

    static func schoolApp(_ f: AppFixture) async throws -> (Phone, Int64) {
        let phone = try await Phone.signIn(f, .schoolApp, user: "20260001")
        return (phone, try await phone.bind().content.decode(BindingBody.self).binding.id)
    }

    @Test(arguments: Engine.available)
    func aTokenOpenedWithTheBanksSMSDebitsIsRefundedAndEnds(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let channel = try Self.channel(f)
            let (phone, binding) = try await Self.schoolApp(f)
            let opening = Self.opening(f, card: "6222000000000001", "A")
            #expect(try await channel.beginOpening(opening, at: f.clock.now) == .smsSent(maskedPhone: "138****8000"))
            await #expect(throws: AutoDebitRefused(code: "71", reason: .wrongVerificationCode)) {
                try await channel.completeOpening(opening, verificationCode: "123456", at: f.clock.now)
            }
            let token = try await channel.completeOpening(opening, verificationCode: "111111", at: f.clock.now)
            #expect(!token.token.isEmpty && token.cardLastFour == "0001" && token.expiresAt != nil)

            let order = try await Self.order(f, phone, binding, key: "debit-1")
            // accepted (00): the result comes by notification, which credits it once, and by query
            #expect(try await channel.debit(order, token: token.token, at: f.clock.now) == .processing)
            #expect(try await TopUpRoutesTests.waitForStatus(phone, binding, order.orderNo, "credited").status == "credited")
            guard case .succeeded(let notice) = try await channel.query(order, at: f.clock.now), let queryID = notice.channelTradeNo else {
                Issue.record("the debit is not found paid")
                return
            }
            #expect(notice.paidTotal == order.payable && notice.orderNo == order.orderNo)

            let refund = AutoDebitRefund(
                refundNo: "RF\(RandomNonce.make(length: 16))", debitOrderNo: order.orderNo, debitChannelTradeNo: queryID, amount: .yuan(5),
                requestedAt: f.clock.now)
            #expect(try await channel.refund(refund, at: f.clock.now) == .processing)
            guard case .succeeded(let refunded) = try await channel.queryRefund(refund, at: f.clock.now) else {
                Issue.record("the refund is not found done")
                return
            }
            #expect(refunded.paidTotal == .yuan(5) && refunded.orderNo == refund.refundNo)
            // more than is left of the debit: refused
            var tooMuch = refund
            tooMuch.refundNo = "RF\(RandomNonce.make(length: 16))"
            tooMuch.amount = order.payable
            #expect(try await channel.refund(tooMuch, at: f.clock.now) == .failed(code: "36", reason: .other))

            try await channel.deleteToken(token.token, at: f.clock.now)
            try await channel.deleteToken(token.token, at: f.clock.now)  // one the bank no longer knows counts as ended
            let after = try await Self.order(f, phone, binding, key: "debit-2")
            #expect(try await channel.debit(after, token: token.token, at: f.clock.now) == .failed(code: "80", reason: .tokenInvalid))
        }
    }

    @Test(arguments: Engine.available)
    func eachRefusalOfTheBankIsToldApart(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let channel = try Self.channel(f)
            let (phone, binding) = try await Self.schoolApp(f)
            let refusals: [(String, String, AutoDebitReason)] = [
                ("6222000000000002", "77", .onlinePaymentDisabled), ("6222000000000003", "33", .overBankLimit),
                ("6222000000000004", "64", .insufficientFunds), ("6222000000000005", "63", .cardBlocked),
            ]
            for (i, (card, code, reason)) in refusals.enumerated() {
                let token = try await Self.token(f, card: card)
                let order = try await Self.order(f, phone, binding, key: "refused-\(i)")
                #expect(try await channel.debit(order, token: token.token, at: f.clock.now) == .failed(code: code, reason: reason))
                #expect(try await channel.query(order, at: f.clock.now) == .failed(code: code, reason: reason))
            }
            // the holder's details are not the bank's: refused before any SMS
            #expect(
                try await channel.beginOpening(Self.opening(f, card: "6222000000000007", "M"), at: f.clock.now)
                    == .refused(code: "66", reason: .infoMismatch))
            // a debit the bank never saw
            let unseen = try await Self.order(f, phone, binding, key: "unseen")
            #expect(try await channel.query(unseen, at: f.clock.now) == .unknown)
        }
    }

    @Test(arguments: Engine.available)
    func aSlowDebitIsProcessingUntilTheBankAnswers(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let channel = try Self.channel(f)
            let (phone, binding) = try await Self.schoolApp(f)
            let token = try await Self.token(f, card: "6222000000000006")
            let order = try await Self.order(f, phone, binding, key: "slow")
            #expect(try await channel.debit(order, token: token.token, at: f.clock.now) == .processing)  // 03
            #expect(try await channel.query(order, at: f.clock.now) == .processing)  // 05
            #expect(try await TopUpOrders(f.app.store).order(number: order.orderNo)?.status == .awaitingPayment)
            guard case .succeeded(let notice) = try await channel.query(order, at: f.clock.now) else {
                Issue.record("the slow debit never paid")
                return
            }
            #expect(notice.paidTotal == order.payable)
            #expect(try await TopUpRoutesTests.waitForStatus(phone, binding, order.orderNo, "credited").status == "credited")
        }
    }
}
