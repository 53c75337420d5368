import CampusCardChannels
import CampusCardCore
import CampusCardSandbox
import CampusCardServices
import CampusCardStore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The T+1 bill check against the sandbox's bills (`BillReconciliation`): a day with a payment
/// whose notification was lost, one the bill gives another amount, one with another fee, one we
/// credited that the channel never took, and a refund; each reported, the lost one credited once
/// however often and by however many it runs, and shown on the report page and in its CSV.
@Suite struct BillReconciliationTests {
    /// A sandbox of its own for each run: a shared one holds every run's trades, and they would
    /// be in its bills.
    static func sandbox() throws -> SandboxGateway {
        try SandboxGateway(quickNotificationDelay: 0...0, customNotificationDelay: 0...0, notificationCopies: 1, retryPauses: [0.2])
    }
    static let day = LocalDate("2026-09-21")!

    /// The order's status once it is credited (the sandbox notifies in the background), or after a
    /// minute; without `waiting`, as it is now.
    static func status(_ f: AppFixture, _ order: String, waiting: Bool = true) async throws -> String {
        try await TopUpRoutesTests.polled(
            until: { $0 == "credited" || !waiting },
            read: {
                try await f.app.store.sql.raw("SELECT status FROM topup_orders WHERE order_no = \(bind: order)").first(
                    decodingColumn: "status", as: String.self) ?? ""
            })
    }

    @Test(arguments: Engine.available)
    func anAlipayBillWithEachKindOfDifferenceIsReportedAndThePaidOneCreditedOnce(engine: Engine) async throws {
        let sandbox = try Self.sandbox()
        try await AppFixture.with(engine, sandbox: sandbox) { f in
            let (phone, binding) = try await TopUpRoutesTests.boundPhone(f)
            func order(_ key: String) async throws -> String {
                let made = try await phone.send(.POST, "bindings/\(binding)/top-ups", ["kind": "quick", "amount": "50", "request_id": key])
                #expect(made.status == .created, "\(made.body.string)")
                return try made.content.decode(TopUpRoutesTests.OrderBody.self).order_no
            }
            let (fine, lost, altered, feeOff, unpaid, refunded) = (
                try await order("b1"), try await order("b2"), try await order("b3"), try await order("b4"), try await order("b5"),
                try await order("b6")
            )
            for paid in [fine, altered, feeOff, refunded] {
                #expect(try await f.send(.POST, "sandbox/alipay/trades/\(paid)/pay").status == .ok)
                #expect(try await Self.status(f, paid) == "credited")
            }
            #expect(try await f.send(.POST, "sandbox/alipay/trades/\(lost)/pay?notify=false").status == .ok)
            await sandbox.alterBillForTests(orderNo: altered, totalFen: 4_000)
            await sandbox.alterBillForTests(orderNo: feeOff, feeFen: 99)
            await sandbox.alterBillForTests(orderNo: refunded, refundedFen: 5_015)
            // credited here, never paid at the channel
            _ = try await TopUpCrediting(f.app.store).credit(
                PaymentNotice(provider: .alipay, orderNo: unpaid, channelTradeNo: nil, paidTotal: Money(fen: 5_015)), at: f.clock.now)

            // before the bill is made (the same day), the check fails, writes nothing and waits
            let school = try #require(try await SchoolStore(f.app.store.sql).all().first { $0.code.rawValue == "DEMO" })
            let early = await #expect(throws: CardError.self) {
                try await BillReconciliation(f.services()).run(school: school, provider: .alipay, day: Self.day)
            }
            #expect(early?.code == .billUnavailable)
            let waiting = try #require(
                try await BillChecks(f.app.store).check(.init(schoolID: school.id, provider: .alipay, day: Self.day)))
            #expect(waiting.state == .failed && waiting.differences.isEmpty && waiting.retryAt != nil)

            // the next day after 10:00 China time, two upkeep passes at once: one does it
            f.clock.advance(14 * 3600)
            let before = try await f.transferCount()
            async let first: Void = BillReconciliation(f.services()).runDue()
            async let second: Void = BillReconciliation(f.services()).runDue()
            _ = try await (first, second)
            let check = try #require(try await BillChecks(f.app.store).check(.init(schoolID: school.id, provider: .alipay, day: Self.day)))
            let expected: Set<String> = [
                "paid_not_credited \(lost) credited", "amount_mismatch \(altered) reported", "fee_mismatch \(feeOff) reported",
                "credited_not_paid \(unpaid) reported",
            ]
            #expect(
                check.state == .done && Set(check.differences.map { "\($0.kind.rawValue) \($0.orderNo) \($0.action.rawValue)" }) == expected
            )
            #expect(check.payments == 5 && check.refunds == 1 && check.refundsTotal == Money(fen: 5_015))
            #expect(
                check.differences.first { $0.kind == .amountMismatch }.map { [$0.ours, $0.channel] } == [
                    Money(fen: 5_015), Money(fen: 4_000),
                ])
            #expect(check.differences.first { $0.kind == .feeMismatch }.map { [$0.ours, $0.channel] } == [Money(fen: 30), Money(fen: 99)])
            // the lost payment credited once: its top-up and its fee
            #expect(try await Self.status(f, lost) == "credited")
            #expect(try await f.transferCount() == before + 2)

            // an operator's rerun changes nothing and keeps what the first run did
            let again = try await BillReconciliation(f.services()).run(school: school, provider: .alipay, day: Self.day)
            #expect(again.differences == check.differences)
            #expect(try await f.transferCount() == before + 2)

            // the report, its CSV and the console page show each difference with what was done
            let auth: HTTPHeaders = ["Authorization": "Bearer \(try await f.signIn("demo-admin"))"]
            let report = try await f.send(
                .GET, "api/v1/console/reports/reconciliation?date=2026-09-21&provider=alipay&format=csv", headers: auth)
            let csv = report.body.string
            #expect(csv.contains("T+1,done,5,") && csv.contains("fee_mismatch,\(feeOff),账单 bill: 我方 ours 0.30 / 渠道 channel 0.99"))
            #expect(csv.contains("paid_not_credited,\(lost),账单 bill: 我方 ours 50.15 / 渠道 channel 50.15 / 已补入账 credited"))
            #expect(csv.contains("amount_mismatch,\(altered)") && csv.contains("credited_not_paid,\(unpaid)"))
            var admin = PageBrowser(f)
            try await admin.signInToConsole(demo: "demo-admin")
            let page = try await admin.get("/console/reports/reconciliation?date=2026-09-21&provider=alipay")
            let html = page.body.string
            #expect(html.contains("手续费不符") && html.contains(feeOff) && html.contains("已核对：收款 5 笔"))
            #expect(html.contains(#"action="/console/reports/reconciliation/bill""#))
            let rerun = try await admin.post(
                "/console/reports/reconciliation/bill", ["_csrf": PageBrowser.formToken(page), "date": "2026-09-21", "provider": "alipay"])
            #expect(rerun.status == .seeOther)
            #expect(try await f.transferCount() == before + 2)
        }
    }

    @Test(arguments: Engine.available)
    func aWeChatPayBillIsCheckedWithItsHashAndItsRefundsApart(engine: Engine) async throws {
        let sandbox = try Self.sandbox()
        try await AppFixture.with(engine, sandbox: sandbox) { f in
            let phone = try await Phone.signIn(f, .wechat, user: "o-bill-check")
            let binding = try await phone.bind().content.decode(BindingBody.self).binding.id
            func order(_ key: String) async throws -> String {
                try await phone.send(.POST, "bindings/\(binding)/top-ups", ["kind": "quick", "amount": "100", "request_id": key]).content
                    .decode(TopUpRoutesTests.OrderBody.self).order_no
            }
            let (lost, feeOff) = (try await order("w1"), try await order("w2"))
            #expect(try await f.send(.POST, "sandbox/wechat/trades/\(lost)/pay?notify=false").status == .ok)
            #expect(try await f.send(.POST, "sandbox/wechat/trades/\(feeOff)/pay").status == .ok)
            #expect(try await Self.status(f, feeOff) == "credited")
            await sandbox.alterBillForTests(orderNo: feeOff, feeFen: 1, refundedFen: 3_000)
            f.clock.advance(14 * 3600)
            let school = try #require(try await SchoolStore(f.app.store.sql).all().first { $0.code.rawValue == "DEMO" })
            let check = try await BillReconciliation(f.services()).run(school: school, provider: .wechatPay, day: Self.day)
            #expect(
                Set(check.differences.map { "\($0.kind.rawValue) \($0.orderNo) \($0.action.rawValue)" }) == [
                    "paid_not_credited \(lost) credited", "fee_mismatch \(feeOff) reported",
                ])
            #expect(check.payments == 2 && check.refunds == 1 && check.paymentsTotal == Money(fen: 20_060))
            #expect(try await Self.status(f, lost) == "credited")
        }
    }

    /// The files spoiled on the way: WeChat Pay's no longer matches its SHA1, Alipay's is no zip.
    /// Each check fails with `bill_unavailable`, credits nothing, records no difference, and is
    /// tried again later.
    @Test(arguments: Engine.available)
    func aBillFailingItsHashOrNotAZipChangesNothing(engine: Engine) async throws {
        let sandbox = try Self.sandbox()
        try await AppFixture.with(engine, sandbox: sandbox) { f in
            let (phone, binding) = try await TopUpRoutesTests.boundPhone(f)
            let lost = try await phone.send(.POST, "bindings/\(binding)/top-ups", ["kind": "quick", "amount": "50", "request_id": "s1"])
                .content
                .decode(TopUpRoutesTests.OrderBody.self).order_no
            #expect(try await f.send(.POST, "sandbox/alipay/trades/\(lost)/pay?notify=false").status == .ok)
            f.clock.advance(14 * 3600)
            let school = try #require(try await SchoolStore(f.app.store.sql).all().first { $0.code.rawValue == "DEMO" })
            var context = try f.services()
            context.transport = SpoilingTransport(inner: context.transport)
            let before = try await f.transferCount()
            for provider in BillReconciliation.providers {
                let refused = await #expect(throws: CardError.self) {
                    try await BillReconciliation(context).run(school: school, provider: provider, day: Self.day)
                }
                #expect(refused?.code == .billUnavailable)
                let check = try #require(
                    try await BillChecks(f.app.store).check(.init(schoolID: school.id, provider: provider, day: Self.day)))
                #expect(check.state == .failed && check.differences.isEmpty && check.payments == 0 && check.retryAt != nil)
            }
            let weChat = try await BillChecks(f.app.store).check(.init(schoolID: school.id, provider: .wechatPay, day: Self.day))
            #expect(weChat?.error?.contains("hash_value") == true)
            #expect(try await f.transferCount() == before)
            #expect(try await Self.status(f, lost, waiting: false) == "awaiting_payment")
            // the upkeep waits out the retry, then the bill is whole again and the payment credited
            try await BillReconciliation(f.services()).runDue()
            #expect(try await Self.status(f, lost, waiting: false) == "awaiting_payment")
            f.clock.advance(601)
            try await BillReconciliation(f.services()).runDue()
            #expect(try await Self.status(f, lost) == "credited")
        }
    }
}

/// Spoils the bill files on their way: a byte of WeChat Pay's changed, Alipay's zip cut in half.
struct SpoilingTransport: ChannelTransport {
    let inner: any ChannelTransport

    func send(_ call: ChannelCall) async throws -> ChannelAnswer {
        var answer = try await inner.send(call)
        if call.url.contains("/billdownload/") { answer.body[answer.body.count / 2] ^= 1 }
        if call.url.contains("/alipay/bills/") { answer.body = answer.body.prefix(answer.body.count / 2) }
        return answer
    }
}
