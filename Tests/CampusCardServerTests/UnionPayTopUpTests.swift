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

/// The school app's bank-card top-ups over UnionPay ACP 5.1.0, the sandbox playing the gateway:
/// the signed front form, the bank's cashier, notifications and queries, and forgeries refused.
@Suite struct UnionPayTopUpTests {
    typealias OrderBody = TopUpRoutesTests.OrderBody

    static func bankOrder(_ f: AppFixture, key: String) async throws -> (Phone, Int64, OrderBody) {
        let phone = try await Phone.signIn(f, .schoolApp, user: "20260001")
        let binding = try await phone.bind().content.decode(BindingBody.self).binding.id
        let order = try await phone.send(
            .POST, "bindings/\(binding)/top-ups", ["kind": "custom", "amount": "50", "request_id": key, "pays_with": "unionpay"]
        ).content.decode(OrderBody.self)
        return (phone, binding, order)
    }

    static func status(_ f: AppFixture, _ order: OrderBody) async throws -> TopUpOrderStatus? {
        try await TopUpOrders(f.app.store).order(number: order.order_no)?.status
    }

    static func pay(_ f: AppFixture, _ order: OrderBody, card: String, query: String = "") async throws -> String {
        let paid = try await f.send(.POST, "sandbox/unionpay/trades/\(order.order_no)/pay\(query)", body: #"{"card_number":"\#(card)"}"#)
        #expect(paid.status == .ok, "\(paid.body.string)")
        return paid.body.string
    }

    @Test(arguments: Engine.available)
    func aBankCardTopUpIsAFrontTransactionCreditedOnceThoughNotifiedThrice(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let (phone, binding, order) = try await Self.bankOrder(f, key: "acp-1")
            let form = try #require(order.pay)
            for (name, value) in [
                ("version", "5.1.0"), ("signMethod", "01"), ("encoding", "UTF-8"), ("txnType", "01"), ("txnSubType", "01"),
                ("bizType", "000201"), ("channelType", "08"), ("accessType", "0"), ("currencyCode", "156"), ("txnAmt", "5000"),
                ("orderId", order.order_no), ("txnTime", ChinaTime.compact(AppFixture.now)),
            ] {
                #expect(form[name] == value, "\(name)")
            }
            #expect(form["sandbox_cashier"] == nil)
            try await TopUpRoutesTests.openBankCashier(f, order)
            _ = try await Self.pay(f, order, card: "6222000000000001")
            #expect(try await TopUpRoutesTests.waitForStatus(phone, binding, order.order_no, "credited").status == "credited")
            let outcomes = try await TopUpRoutesTests.notificationOutcomes(f, order.order_no, copies: 3)
            #expect(outcomes.filter { $0 == "credited" }.count == 1, "\(outcomes)")
        }
    }

    @Test(arguments: Engine.available)
    func aLostNotificationIsFoundByQueryingTheTransaction(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let (_, _, order) = try await Self.bankOrder(f, key: "acp-lost")
            try await TopUpRoutesTests.openBankCashier(f, order)
            _ = try await Self.pay(f, order, card: "6222000000000001", query: "?notify=false")
            #expect(try await Self.status(f, order) == .awaitingPayment)
            f.clock.advance(6 * 60)
            try await TopUpReconciler(f.services()).run()
            #expect(try await Self.status(f, order) == .credited)
        }
    }

    /// 03, 04 and 05 say "ask again": the order waits, even past its expiry, until the bank answers.
    @Test(arguments: Engine.available)
    func processingCodesNeverCloseAnOrder(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let (_, _, order) = try await Self.bankOrder(f, key: "acp-slow")
            try await TopUpRoutesTests.openBankCashier(f, order)
            #expect(try await Self.pay(f, order, card: "6222000000000006").contains(#""respCode":"03""#))
            // a notification saying 05 changes nothing and is answered so UnionPay stops
            let processing = try AppFixture.sandbox.signedUnionPayNotificationForTests(
                Self.notification(order, respCode: "05"))
            let answered = try await f.send(
                .POST, "api/v1/channels/bank/notify", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: processing)
            #expect(answered.status == .ok)
            f.clock.advance(6 * 60)
            try await TopUpReconciler(f.services()).run()  // the bank answers 05
            #expect(try await Self.status(f, order) == .awaitingPayment)
            f.clock.advance(24 * 3600)  // long expired: closing asks the bank, which has now paid it
            try await TopUpReconciler(f.services()).run()
            #expect(try await Self.status(f, order) == .credited)
        }
    }

    static func notification(_ order: OrderBody, respCode: String, amount: String = "5000") -> [String: String] {
        [
            "version": "5.1.0", "encoding": "UTF-8", "bizType": "000201", "txnType": "01", "txnSubType": "01", "accessType": "0",
            "merId": "777290058110048", "orderId": order.order_no, "txnTime": ChinaTime.compact(AppFixture.now), "txnAmt": amount,
            "currencyCode": "156", "queryId": "512109281635580888888", "respCode": respCode, "respMsg": "成功[0000000]",
        ]
    }

    @Test(arguments: Engine.available)
    func aNotificationWithOneByteChangedOrSignedByAnotherCertificateIsRefused(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let (_, _, order) = try await Self.bankOrder(f, key: "acp-forged")
            func post(_ body: String) async throws -> HTTPStatus {
                try await f.send(
                    .POST, "api/v1/channels/bank/notify", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: body
                ).status
            }
            let genuine = try AppFixture.sandbox.signedUnionPayNotificationForTests(Self.notification(order, respCode: "00"))
            // one byte: the amount's last digit
            let changed = genuine.replacingOccurrences(of: "txnAmt=5000", with: "txnAmt=5001")
            #expect(changed != genuine)
            #expect(try await post(changed) == .badRequest)
            // another chain, though it names UnionPay's test identity as the sandbox does
            let start = Date(timeIntervalSince1970: 1_577_836_800)
            let end = Date(timeIntervalSince1970: 2_524_608_000)
            let (rootKey, middleKey, key) = (try RSASigningKey.generate(), try RSASigningKey.generate(), try RSASigningKey.generate())
            let root = try UnionPayCertificateChain.authority(
                name: "Forger Root", serial: [1], key: rootKey, issuer: nil, from: start, to: end)
            let middle = try UnionPayCertificateChain.authority(
                name: "Forger Middle", serial: [2], key: middleKey, issuer: (root, rootKey), from: start, to: end)
            let forger = try UnionPaySigner(
                key: key,
                certificate: try UnionPayCertificateChain.endEntity(
                    identity: "00040000:SIGN", serial: [3], key: key, issuer: (middle, middleKey), from: start, to: end))
            #expect(
                try await post(FormURLEncoding.encode(try forger.signedAnswer(Self.notification(order, respCode: "00")))) == .badRequest)
            // another merchant's, genuinely signed
            var other = Self.notification(order, respCode: "00")
            other["merId"] = "898111111111111"
            #expect(try await post(try AppFixture.sandbox.signedUnionPayNotificationForTests(other)) == .badRequest)
            #expect(try await Self.status(f, order) == .awaitingPayment)
            // the genuine one credits
            #expect(try await post(genuine) == .ok)
            #expect(try await Self.status(f, order) == .credited)
        }
    }
}
