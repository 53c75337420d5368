import CampusCardChannels
import CampusCardCore
import CampusCardSandbox
import CampusCardServer
import CampusCardServices
import CampusCardStore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Topping up through Alipay, played by the sandbox: order, cashier, notifications, credit.
@Suite struct TopUpRoutesTests {
    struct OrderBody: Decodable {
        var order_no: String
        var status: String
        var amount: String
        var fee: String
        var payable: String
        var arrival_minutes_max: Int
        var pay: [String: String]?
    }

    /// The demo student bound in Alipay on a verified phone.
    static func boundPhone(_ f: AppFixture) async throws -> (Phone, Int64) {
        let phone = try await Phone.signIn(f, .alipay, user: "2088000000000100")
        let res = try await phone.bind()
        return (phone, try res.content.decode(BindingBody.self).binding.id)
    }

    static func waitForStatus(_ phone: Phone, _ binding: Int64, _ order: String, _ status: String) async throws -> OrderBody {
        try await polled(
            until: { $0.status == status },
            read: { try await phone.send(.GET, "bindings/\(binding)/top-ups/\(order)").content.decode(OrderBody.self) })
    }

    /// The cardholder's browser posting the order's signed UnionPay form to the (sandbox's) gateway,
    /// which answers with its cashier.
    static func openBankCashier(_ f: AppFixture, _ order: OrderBody) async throws {
        var form = try #require(order.pay)
        let action = try #require(form["form_action"])
        form["form_action"] = nil
        #expect(action.hasSuffix("/gateway/api/frontTransReq.do") && form["signature"] != nil && form["certId"] != nil)
        let posted = try await f.send(
            .POST, String(action.dropFirst()), headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: FormURLEncoding.encode(form))
        #expect(posted.status == .seeOther, "\(posted.body.string)")
        #expect(posted.headers.first(name: .location)?.contains("/sandbox/cashier/unionpay/\(order.order_no)") == true)
    }

    /// What was logged of `order`'s notifications once `copies` of them were taken (credited or a
    /// duplicate).
    static func notificationOutcomes(_ f: AppFixture, _ order: String, copies: Int) async throws -> [String] {
        try await polled(
            until: { $0.filter { $0 == "credited" || $0 == "duplicate" }.count >= copies },
            read: {
                try await f.app.store.sql.raw("SELECT outcome FROM channel_notifications WHERE order_no = \(bind: order)").all()
                    .map { try $0.decode(column: "outcome", as: String.self) }
            })
    }

    /// Reads again every 50 ms until `done` holds or a minute has passed, and returns the last read:
    /// the sandbox notifies in the background, which takes seconds when every suite runs at once.
    static func polled<Value>(until done: (Value) -> Bool, read: () async throws -> Value) async throws -> Value {
        let deadline = ContinuousClock.now + .seconds(60)
        var value = try await read()
        while !done(value) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            value = try await read()
        }
        return value
    }

    @Test(arguments: Engine.available)
    func aQuickTopUpIsPaidNotifiedAndCreditedOnce(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let (phone, binding) = try await Self.boundPhone(f)
            // the options show the presets with their fees and what is left today
            let options = try await phone.send(.GET, "bindings/\(binding)/top-up-options")
            #expect(options.status == .ok)
            #expect(options.body.string.contains(#""payable":"50.15""#))
            #expect(options.body.string.contains("不支持原路退回"))
            // when the student orders ¥50 and pays on the cashier
            let created = try await phone.send(
                .POST, "bindings/\(binding)/top-ups", ["kind": "quick", "amount": "50", "request_id": "tap-1"])
            #expect(created.status == .created, "\(created.body.string)")
            let order = try created.content.decode(OrderBody.self)
            #expect(order.status == "awaiting_payment" && order.fee == "0.15" && order.payable == "50.15" && order.arrival_minutes_max == 0)
            #expect(order.pay?["trade_no"] != nil)
            // a retry of the same tap is the same order
            let retry = try await phone.send(
                .POST, "bindings/\(binding)/top-ups", ["kind": "quick", "amount": "50", "request_id": "tap-1"])
            let again = try retry.content.decode(OrderBody.self)
            // with the cashier the channel gave the first time
            #expect(again.order_no == order.order_no && again.pay?["trade_no"] == order.pay?["trade_no"])
            // the sandbox's cashier page shows the order
            let cashier = try #require(order.pay?["sandbox_cashier"])
            let page = try await f.send(.GET, String(cashier.dropFirst()))
            #expect(page.status == .ok && page.body.string.contains(order.order_no) && page.body.string.contains("¥50.15"))
            let paid = try await f.send(.POST, "sandbox/alipay/trades/\(order.order_no)/pay")
            #expect(paid.status == .ok)
            // then the three copies of the notification credit it once
            #expect(try await Self.waitForStatus(phone, binding, order.order_no, "credited").status == "credited")
            let outcomes = try await Self.notificationOutcomes(f, order.order_no, copies: 3)
            #expect(outcomes.filter { $0 == "credited" }.count == 1)
            #expect(outcomes.count == 3)
            let card = try await phone.send(.GET, "bindings/\(binding)").content.decode(BindingBody.self)
            #expect(card.balance_fen == 15_000)
            let token = try await f.signIn("demo-admin")
            let audit = try await f.send(.GET, "api/v1/console/audit", headers: ["Authorization": "Bearer \(token)"])
            #expect(audit.body.string.contains(#""holds":true"#))
        }
    }

    @Test(arguments: Engine.available)
    func forgedAndAlteredNotificationsCreditNothing(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let (phone, binding) = try await Self.boundPhone(f)
            let created = try await phone.send(
                .POST, "bindings/\(binding)/top-ups", ["kind": "custom", "amount": "20", "request_id": "tap-2"])
            let order = try created.content.decode(OrderBody.self)
            #expect(order.arrival_minutes_max >= 3)
            let sandbox = AppFixture.sandbox
            let notification = AlipayTradeNotification(
                appID: sandbox.channelAccess.alipay.appID, outTradeNo: order.order_no, tradeNo: "2026FORGED", tradeStatus: .tradeSuccess,
                totalFen: 2_000, notifyID: "n1", notifyTime: AppFixture.now, gmtPayment: AppFixture.now, buyerID: "2088000000000100",
                sellerID: sandbox.channelAccess.alipay.sellerID)
            // signed by a key that is not Alipay's
            let stranger = try RSASigningKey.generate()
            let forged = try AlipayNotificationSigner(alipayPrivateKey: stranger).signedFormBody(notification.formParameters)
            let headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
            let refused = try await f.send(.POST, "api/v1/channels/alipay/notify", headers: headers, body: forged)
            #expect(refused.body.string == "fail")
            // the right signature over another amount: one byte changed
            let genuine = try await Self.alipaySigned(notification)
            let altered = genuine.replacingOccurrences(of: "total_amount=20.00", with: "total_amount=29.00")
            #expect(try await f.send(.POST, "api/v1/channels/alipay/notify", headers: headers, body: altered).body.string == "fail")
            // correctly signed but for another amount than the order's
            var wrongAmount = notification
            wrongAmount = AlipayTradeNotification(
                appID: notification.appID, outTradeNo: order.order_no, tradeNo: "2026X", tradeStatus: .tradeSuccess, totalFen: 2_001,
                notifyID: "n2",
                notifyTime: AppFixture.now, gmtPayment: AppFixture.now, buyerID: nil, sellerID: notification.sellerID)
            #expect(
                try await f.send(.POST, "api/v1/channels/alipay/notify", headers: headers, body: try await Self.alipaySigned(wrongAmount))
                    .body.string == "fail")
            // correctly signed, the right amount, but paid to another merchant
            let otherSeller = AlipayTradeNotification(
                appID: notification.appID, outTradeNo: order.order_no, tradeNo: "2026Y", tradeStatus: .tradeSuccess, totalFen: 2_000,
                notifyID: "n3", notifyTime: AppFixture.now, gmtPayment: AppFixture.now, buyerID: nil, sellerID: "2088999999999999")
            #expect(
                try await f.send(.POST, "api/v1/channels/alipay/notify", headers: headers, body: try await Self.alipaySigned(otherSeller))
                    .body.string == "fail")
            #expect(
                try await phone.send(.GET, "bindings/\(binding)/top-ups/\(order.order_no)").content.decode(OrderBody.self).status
                    == "awaiting_payment")
            // the genuine one is accepted and answered `success`
            #expect(try await f.send(.POST, "api/v1/channels/alipay/notify", headers: headers, body: genuine).body.string == "success")
            #expect(
                try await phone.send(.GET, "bindings/\(binding)/top-ups/\(order.order_no)").content.decode(OrderBody.self).status
                    == "credited")
            let refusals = try await f.app.store.sql.raw("SELECT id FROM channel_notifications WHERE outcome = 'refused'").all()
            #expect(refusals.count == 4)
        }
    }

    static func alipaySigned(_ notification: AlipayTradeNotification) async throws -> String {
        try AlipayNotificationSigner(alipayPrivateKey: AppFixture.sandbox.alipayPrivateKeyForTests).signedFormBody(
            notification.formParameters)
    }

    @Test(arguments: Engine.available)
    func amountsOutsideTheRulesAreRefusedWithTheirCodes(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let (phone, binding) = try await Self.boundPhone(f)
            let cases: [(String, Any, String)] = [
                ("custom", "0", "invalid_amount"), ("custom", "9.99", "top_up_amount_not_offered"),
                ("custom", "500.01", "top_up_amount_not_offered"), ("custom", "-50", "invalid_amount"),
                ("custom", "50.001", "invalid_amount"),
                ("custom", 1e9, "malformed_request"), ("quick", "60", "top_up_amount_not_offered"), ("auto", "50", "invalid_field"),
            ]
            for (i, (kind, amount, code)) in cases.enumerated() {
                let res = try await phone.send(
                    .POST, "bindings/\(binding)/top-ups", ["kind": kind, "amount": amount, "request_id": "bad-\(i)"])
                #expect(res.errorCode == code, "\(amount)")
            }
            let orders = try await f.app.store.sql.raw("SELECT id FROM topup_orders").all()
            #expect(orders.isEmpty)
            // four ¥500 custom top-ups fill the day; the fifth is told what is left and when it resets
            for i in 0..<4 {
                #expect(
                    try await phone.send(.POST, "bindings/\(binding)/top-ups", ["kind": "custom", "amount": "500", "request_id": "d\(i)"])
                        .status == .created)
            }
            let over = try await phone.send(.POST, "bindings/\(binding)/top-ups", ["kind": "custom", "amount": "10", "request_id": "d5"])
            #expect(over.errorCode == "top_up_daily_limit")
            #expect(try over.content.decode(ErrorDetails.self).details["resets_at_local"] == "2026-09-22 00:00")
        }
    }

    /// The reconciler's delay is the deployment's, not a constant: a card office that wants lost
    /// notifications found sooner sets it shorter.
    @Test(arguments: Engine.available)
    func theReconcilersQueryDelayIsASetting(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let (phone, binding) = try await Self.boundPhone(f)
            let lost = try await phone.send(
                .POST, "bindings/\(binding)/top-ups", ["kind": "custom", "amount": "100", "request_id": "lost"]
            )
            .content.decode(OrderBody.self)
            #expect(try await f.send(.POST, "sandbox/alipay/trades/\(lost.order_no)/pay?notify=false").status == .ok)
            func status() async throws -> TopUpOrderStatus? { try await TopUpOrders(f.app.store).order(number: lost.order_no)?.status }
            f.clock.advance(2 * 60)
            // two minutes late: not yet at the default five
            try await TopUpReconciler(f.services()).run()
            #expect(try await status() == .awaitingPayment)
            // set to ninety seconds, the same pass asks Alipay and credits it
            var sooner = try f.services()
            sooner.topUpQueryDelay = 90
            try await TopUpReconciler(sooner).run()
            #expect(try await status() == .credited)
        }
    }

    @Test(arguments: Engine.available)
    func theReconcilerCreditsWhatWasPaidButNotNotifiedAndClosesWhatExpired(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let (phone, binding) = try await Self.boundPhone(f)
            func order(_ key: String, _ amount: String) async throws -> OrderBody {
                try await phone.send(.POST, "bindings/\(binding)/top-ups", ["kind": "custom", "amount": amount, "request_id": key]).content
                    .decode(OrderBody.self)
            }
            // paid, but the notification was lost
            let lost = try await order("lost", "100")
            #expect(try await f.send(.POST, "sandbox/alipay/trades/\(lost.order_no)/pay?notify=false").status == .ok)
            // never paid
            let abandoned = try await order("abandoned", "500")
            // paid just before it expired, notification lost too
            let late = try await order("late", "30")
            #expect(try await f.send(.POST, "sandbox/alipay/trades/\(late.order_no)/pay?notify=false").status == .ok)
            // six minutes on, the reconciler asks about the late notifications
            f.clock.advance(6 * 60)
            try await TopUpReconciler(f.services()).run()
            #expect(try await Self.waitForStatus(phone, binding, lost.order_no, "credited").status == "credited")
            #expect(try await Self.waitForStatus(phone, binding, late.order_no, "credited").status == "credited")
            // sixteen minutes on, the abandoned order is closed at Alipay and here, and the day's limit comes back
            f.clock.advance(10 * 60)
            try await TopUpReconciler(f.services()).run()
            #expect(try await Self.waitForStatus(phone, binding, abandoned.order_no, "closed").status == "closed")
            #expect(try await f.send(.POST, "sandbox/alipay/trades/\(abandoned.order_no)/pay").status == .conflict)
            let options = try await phone.send(.GET, "bindings/\(binding)/top-up-options")
            #expect(options.body.string.contains(#""left_today":"1870.00""#), "\(options.body.string)")
            let card = try await phone.send(.GET, "bindings/\(binding)").content.decode(BindingBody.self)
            #expect(card.balance_fen == 10_000 + 13_000)
        }
    }

    @Test(arguments: Engine.available)
    func aCardholderRefreshingALateOrderHasTheChannelAskedAtMostEvery30Seconds(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let (phone, binding) = try await Self.boundPhone(f)
            func order(_ key: String) async throws -> OrderBody {
                try await phone.send(.POST, "bindings/\(binding)/top-ups", ["kind": "custom", "amount": "30", "request_id": key]).content
                    .decode(OrderBody.self)
            }
            func status(_ order: OrderBody) async throws -> String {
                try await phone.send(.GET, "bindings/\(binding)/top-ups/\(order.order_no)").content.decode(OrderBody.self).status
            }
            // Paid, its notification lost: a refresh in the first minute reads only the database.
            let lost = try await order("lost")
            #expect(try await f.send(.POST, "sandbox/alipay/trades/\(lost.order_no)/pay?notify=false").status == .ok)
            f.clock.advance(30)
            #expect(try await status(lost) == "awaiting_payment")
            f.clock.advance(31)
            #expect(try await status(lost) == "credited", "a minute on, the refresh asked Alipay")
            // Asked while still unpaid: the next refresh within 30 s does not ask again, the one after does.
            let slow = try await order("slow")
            f.clock.advance(61)
            #expect(try await status(slow) == "awaiting_payment")
            #expect(try await f.send(.POST, "sandbox/alipay/trades/\(slow.order_no)/pay?notify=false").status == .ok)
            f.clock.advance(10)
            #expect(try await status(slow) == "awaiting_payment")
            f.clock.advance(21)
            #expect(try await status(slow) == "credited")
            let card = try await phone.send(.GET, "bindings/\(binding)").content.decode(BindingBody.self)
            #expect(card.balance_fen == 10_000 + 6_000)
        }
    }

    @Test(arguments: Engine.available)
    func aWeChatTopUpIsPaidCalledBackAndCreditedOnceAndForgedCallbacksAreRefused(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let phone = try await Phone.signIn(f, .wechat, user: "o-wechat-topup")
            let binding = try await phone.bind().content.decode(BindingBody.self).binding.id
            let created = try await phone.send(
                .POST, "bindings/\(binding)/top-ups", ["kind": "quick", "amount": "100", "request_id": "wx-1"])
            #expect(created.status == .created, "\(created.body.string)")
            let order = try created.content.decode(OrderBody.self)
            #expect(order.payable == "100.30" && order.pay?["package"]?.hasPrefix("prepay_id=") == true && order.pay?["paySign"] != nil)
            // a callback signed by a stranger, and the genuine one altered, are refused
            let sandbox = AppFixture.sandbox
            let transaction = WeChatPayTransaction(
                mchID: sandbox.channelAccess.weChatPay.mchID, appID: sandbox.channelAccess.weChatPay.appID, outTradeNo: order.order_no,
                transactionID: "4200FORGED", tradeState: .success, amount: .init(total: 10_030, payerTotal: 10_030, currency: "CNY"),
                payer: .init(openid: "o-wechat-topup"), successTime: nil)
            let stranger = WeChatPayPlatformSigner(
                serial: "PUB_KEY_ID_0114232134912410000000000000000", platformPrivateKey: try RSASigningKey.generate())
            let forged = try WeChatPayCallbackSigner(platformSigner: stranger, apiV3Key: sandbox.channelAccess.weChatPay.apiV3Key)
                .signedCallback(for: transaction, id: "EV-1", at: AppFixture.now)
            #expect(try await Self.callBack(f, forged).status == .unauthorized)
            let genuine = try sandbox.signedWeChatCallbackForTests(transaction, at: AppFixture.now)
            let altered = (genuine.headers, genuine.body.replacingOccurrences(of: "\"id\":\"EV-", with: "\"id\":\"EX-"))
            #expect(try await Self.callBack(f, altered).status == .unauthorized)
            let stale = try sandbox.signedWeChatCallbackForTests(transaction, at: AppFixture.now.addingTimeInterval(-600))
            #expect(try await Self.callBack(f, stale).status == .unauthorized)
            #expect(
                try await phone.send(.GET, "bindings/\(binding)/top-ups/\(order.order_no)").content.decode(OrderBody.self).status
                    == "awaiting_payment")
            // when the student pays on WeChat's cashier, the callbacks credit it once
            #expect(try await f.send(.POST, "sandbox/wechat/trades/\(order.order_no)/pay").status == .ok)
            #expect(try await Self.waitForStatus(phone, binding, order.order_no, "credited").status == "credited")
            #expect(try await Self.notificationOutcomes(f, order.order_no, copies: 3).filter { $0 == "credited" }.count == 1)
            #expect(try await phone.send(.GET, "bindings/\(binding)").content.decode(BindingBody.self).balance_fen == 20_000)
            // a lost callback is found by the reconciler's query
            let lost = try await phone.send(.POST, "bindings/\(binding)/top-ups", ["kind": "custom", "amount": "40", "request_id": "wx-2"])
                .content.decode(OrderBody.self)
            #expect(try await f.send(.POST, "sandbox/wechat/trades/\(lost.order_no)/pay?notify=false").status == .ok)
            f.clock.advance(6 * 60)
            try await TopUpReconciler(f.services()).run()
            #expect(
                try await phone.send(.GET, "bindings/\(binding)/top-ups/\(lost.order_no)").content.decode(OrderBody.self).status
                    == "credited")
        }
    }

    /// WeChat Pay rotates its platform certificate: the first callback signed with the new one
    /// has the certificates downloaded (once, however many arrive) and is credited; unknown
    /// serials after it cost one download a minute, not one each.
    @Test(arguments: Engine.available)
    func aCallbackFromARotatedCertificateIsAcceptedAfterOneDownload(engine: Engine) async throws {
        let sandbox = try SandboxGateway(
            quickNotificationDelay: 0...0, customNotificationDelay: 0...0, notificationCopies: 1, retryPauses: [])
        try await AppFixture.with(engine, sandbox: sandbox) { f in
            let phone = try await Phone.signIn(f, .wechat, user: "o-rotated")
            let binding = try await phone.bind().content.decode(BindingBody.self).binding.id
            let order = try await phone.send(
                .POST, "bindings/\(binding)/top-ups", ["kind": "quick", "amount": "100", "request_id": "wx-r"]
            )
            .content.decode(OrderBody.self)
            let transaction = WeChatPayTransaction(
                mchID: sandbox.channelAccess.weChatPay.mchID, appID: sandbox.channelAccess.weChatPay.appID, outTradeNo: order.order_no,
                transactionID: "4200ROTATED", tradeState: .success, amount: .init(total: 10_030, payerTotal: 10_030, currency: "CNY"),
                payer: .init(openid: "o-rotated"), successTime: nil)
            // when WeChat Pay signs with a certificate this server has never seen, three times at once
            let serial = try sandbox.issueWeChatPlatformCertificate(at: AppFixture.now)
            let callback = try sandbox.signedWeChatCallbackForTests(transaction, at: AppFixture.now)
            #expect(callback.headers.serial == serial)
            let statuses = try await withThrowingTaskGroup(of: UInt.self) { group in
                for _ in 0..<3 { group.addTask { try await Self.callBackAsWeChatPayRetries(f, callback).status.code } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // then each is taken after one download, and the order is credited once
            #expect(statuses.allSatisfy { $0 < 300 }, "\(statuses)")
            #expect(sandbox.weChatCertificateDownloads == 1)
            #expect(try await Self.waitForStatus(phone, binding, order.order_no, "credited").status == "credited")
            // a burst of serials nobody issued: refused, one download in the minute after the last
            let stranger = WeChatPayPlatformSigner(
                serial: "6A3F0000000000000000000000000000000000AA", platformPrivateKey: try RSASigningKey.generate())
            let forged = try WeChatPayCallbackSigner(platformSigner: stranger, apiV3Key: sandbox.channelAccess.weChatPay.apiV3Key)
                .signedCallback(for: transaction, id: "EV-9", at: AppFixture.now)
            for _ in 0..<5 { #expect(try await Self.callBack(f, forged).status == .unauthorized) }
            #expect(sandbox.weChatCertificateDownloads == 1)
            f.clock.advance(61)
            let later = try WeChatPayCallbackSigner(platformSigner: stranger, apiV3Key: sandbox.channelAccess.weChatPay.apiV3Key)
                .signedCallback(for: transaction, id: "EV-10", at: f.clock.now)
            for _ in 0..<5 { #expect(try await Self.callBack(f, later).status == .unauthorized) }
            #expect(sandbox.weChatCertificateDownloads == 2)
        }
    }

    static func callBack(_ f: AppFixture, _ callback: (headers: WeChatPaySignatureHeaders, body: String)) async throws
        -> TestingHTTPResponse
    {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        for (name, value) in callback.headers.fields { headers.add(name: name, value: value) }
        return try await f.send(.POST, "api/v1/channels/wechat/notify", headers: headers, body: callback.body)
    }

    /// A callback sent again, as WeChat Pay does, while the answer is "busy, retry" (503: on a
    /// starved machine SQLite's connections can all be waited for); any other answer is final.
    static func callBackAsWeChatPayRetries(_ f: AppFixture, _ callback: (headers: WeChatPaySignatureHeaders, body: String)) async throws
        -> TestingHTTPResponse
    {
        var answer = try await callBack(f, callback)
        for _ in 0..<3 where answer.status == .serviceUnavailable {
            try await Task.sleep(for: .seconds(1))
            answer = try await callBack(f, callback)
        }
        return answer
    }

    struct FailedOrderBody: Decodable {
        struct Failure: Decodable {
            var code: String
            var message_zh: String
        }
        var status: String
        var failure: Failure?
    }

    /// The school app has no WeChat openid: its default, WeChat Pay, is an H5 order for the
    /// phone's address, paid where `h5_url` sends the browser, and credited by the callback.
    @Test(arguments: Engine.available)
    func theSchoolAppPaysWithWeChatPayH5ByDefault(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let phone = try await Phone.signIn(f, .schoolApp, user: "20260001")
            let binding = try await phone.bind().content.decode(BindingBody.self).binding.id
            var headers = phone.headers
            headers.add(name: .xForwardedFor, value: "203.0.113.7")
            let created = try await f.send(
                .POST, "api/v1/h5/bindings/\(binding)/top-ups", headers: headers,
                body: #"{"kind":"custom","amount":"30","request_id":"h5-1"}"#)
            #expect(created.status == .created, "\(created.body.string)")
            let order = try created.content.decode(OrderBody.self)
            #expect(order.pay?["h5_url"]?.contains("/sandbox/cashier/wechat_pay/\(order.order_no)") == true, "\(order.pay ?? [:])")
            #expect(order.pay?["paySign"] == nil)
            #expect(try await f.send(.POST, "sandbox/wechat/trades/\(order.order_no)/pay").status == .ok)
            #expect(try await Self.waitForStatus(phone, binding, order.order_no, "credited").status == "credited")
        }
    }

    @Test(arguments: Engine.available)
    func everyBankRefusalIsToldApartAndGivesTheLimitBack(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let phone = try await Phone.signIn(f, .schoolApp, user: "20260001")
            let binding = try await phone.bind().content.decode(BindingBody.self).binding.id
            // an Alipay-only choice is refused for the school app
            let wrong = try await phone.send(
                .POST, "bindings/\(binding)/top-ups", ["kind": "custom", "amount": "500", "request_id": "x", "pays_with": "alipay"])
            #expect(wrong.errorCode == "invalid_field")
            let refusals = [
                ("6222000000000002", "bank_online_payment_disabled", "未开通网上支付"), ("6222000000000003", "bank_limit_exceeded", "限额"),
                ("6222000000000004", "bank_insufficient_funds", "余额不足"), ("6222000000000005", "bank_blocked", "致电银行"),
            ]
            for (i, (card, code, words)) in refusals.enumerated() {
                let order = try await phone.send(
                    .POST, "bindings/\(binding)/top-ups",
                    ["kind": "custom", "amount": "500", "request_id": "bank-\(i)", "pays_with": "unionpay"]
                ).content.decode(OrderBody.self)
                try await Self.openBankCashier(f, order)
                #expect(
                    try await f.send(.POST, "sandbox/unionpay/trades/\(order.order_no)/pay", body: #"{"card_number":"\#(card)"}"#).status
                        == .ok)
                _ = try await Self.waitForStatus(phone, binding, order.order_no, "failed")
                let failed = try await phone.send(.GET, "bindings/\(binding)/top-ups/\(order.order_no)").content.decode(
                    FailedOrderBody.self)
                #expect(failed.status == "failed")
                #expect(failed.failure?.code == code)
                #expect(failed.failure?.message_zh.contains(words) == true)
            }
            // four refused ¥500 orders left the whole day's limit; a good card pays
            let options = try await phone.send(.GET, "bindings/\(binding)/top-up-options")
            #expect(options.body.string.contains(#""left_today":"2000.00""#))
            let good = try await phone.send(
                .POST, "bindings/\(binding)/top-ups", ["kind": "custom", "amount": "500", "request_id": "bank-ok", "pays_with": "unionpay"]
            ).content.decode(OrderBody.self)
            try await Self.openBankCashier(f, good)
            #expect(
                try await f.send(.POST, "sandbox/unionpay/trades/\(good.order_no)/pay", body: #"{"card_number":"6222000000000001"}"#)
                    .status == .ok)
            #expect(try await Self.waitForStatus(phone, binding, good.order_no, "credited").status == "credited")
        }
    }

    @Test(arguments: Engine.available)
    func theDailyReconciliationListsEveryDifferenceAndExportsCSV(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let (phone, binding) = try await Self.boundPhone(f)
            func order(_ key: String) async throws -> OrderBody {
                try await phone.send(.POST, "bindings/\(binding)/top-ups", ["kind": "quick", "amount": "50", "request_id": key]).content
                    .decode(OrderBody.self)
            }
            let notified = try await order("r1")
            let lost = try await order("r2")
            _ = try await order("r3")
            #expect(try await f.send(.POST, "sandbox/alipay/trades/\(notified.order_no)/pay").status == .ok)
            #expect(try await f.send(.POST, "sandbox/alipay/trades/\(lost.order_no)/pay?notify=false").status == .ok)
            _ = try await Self.waitForStatus(phone, binding, notified.order_no, "credited")
            let forged = "app_id=x&out_trade_no=\(lost.order_no)&sign=AAAA&trade_status=TRADE_SUCCESS&total_amount=50.15"
            _ = try await f.send(
                .POST, "api/v1/channels/alipay/notify", headers: ["Content-Type": "application/x-www-form-urlencoded"], body: forged)
            let auth: HTTPHeaders = ["Authorization": "Bearer \(try await f.signIn("demo-admin"))"]
            let report = try await f.send(.GET, "api/v1/console/reports/reconciliation?date=2026-09-21&provider=alipay", headers: auth)
            #expect(report.status == .ok, "\(report.body.string)")
            struct Body: Decodable {
                struct Difference: Decodable {
                    var kind: String
                    var order_no: String?
                }
                var credited_count: Int
                var credited_total: String
                var channel_paid_count: Int
                var differences: [Difference]
            }
            let body = try report.content.decode(Body.self)
            #expect(body.credited_count == 1 && body.credited_total == "50.15" && body.channel_paid_count == 2)
            #expect(body.differences.map(\.kind).sorted() == ["paid_not_credited", "refused_notification"])
            #expect(body.differences.first { $0.kind == "paid_not_credited" }?.order_no == lost.order_no)
            let csv = try await f.send(
                .GET, "api/v1/console/reports/reconciliation?date=2026-09-21&provider=alipay&format=csv", headers: auth)
            #expect(csv.headers.contentType?.subType == "csv")
            #expect(csv.body.string.contains("paid_not_credited,\(lost.order_no)"))
            #expect(
                try await f.send(.GET, "api/v1/console/reports/reconciliation?date=21-09&provider=alipay", headers: auth).errorCode
                    == "invalid_field")
        }
    }
}
