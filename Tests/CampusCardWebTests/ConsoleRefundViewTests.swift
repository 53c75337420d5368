import CampusCardCore
import CampusCardStore
import Foundation
import Testing

@testable import CampusCardWeb

/// Refunding a mistaken top-up rendered without a server: the choice, the confirmation that says
/// what will happen, the printable receipt, each language.
@Suite struct ConsoleRefundViewTests {
    let clerk = StaffMember(id: 2, schoolID: 1, username: "demo-clerk", displayName: "演示服务中心", role: .clerk)
    /// 2026-12-03 12:05 in Shanghai.
    let noon = Date(timeIntervalSince1970: 1_796_270_700)
    let holder = CardholderEntry(
        id: 1, staffNumber: "20260001", name: "张三", kind: .student, campus: "主校区", status: .active, passport: nil, leaveDate: nil,
        cardNumber: "20260001", cardStatus: .active, balance: Money(fen: 15_000))

    var choices: [RefundTopUpPage.Choice] {
        [
            .init(orderNo: "ALI-2", createdAt: noon, provider: .alipay, amount: Money(fen: 5_000), refunded: Money(fen: 1_000)),
            .init(orderNo: "WX-1", createdAt: noon, provider: .wechatPay, amount: Money(fen: 20_000), refunded: .zero),
        ]
    }

    func render(_ stage: RefundTopUpPage.Stage, _ language: PageLanguage = .zh) -> String {
        RefundTopUpPage(staff: clerk, cardholder: holder, stage: stage).render(.console(language, path: "/console/cardholders"))
    }

    @Test func theClerkChoosesAmongTheCreditedTopUpsNeverTypingANumber() {
        let html = render(.choose(choices: choices, order: nil, amount: "", reason: "", error: nil))
        #expect(html.contains(#"type="radio" name="order" value="ALI-2""#) && html.contains(#"value="WX-1""#))
        #expect(!html.contains("checked"), "two to choose from: none chosen for the clerk")
        #expect(html.contains("已退 ¥10.00，可退 ¥40.00") && html.contains("可退 ¥200.00") && html.contains("2026-12-03 12:05 · 支付宝"))
        #expect(html.contains(#"action="/console/cardholders/20260001/refund/confirm""#) && html.contains(#"value="TOKEN""#))
        #expect(!html.contains(#"name="order" type="text""#) && !html.contains(#"role="alert""#))
        let en = render(.choose(choices: [choices[1]], order: nil, amount: "", reason: "", error: nil), .en)
        #expect(en.contains("checked") && en.contains("refunded ¥0.00, ¥200.00 left") && en.contains("WeChat Pay"))
    }

    @Test func nothingToRefundSaysSoAndHasNoForm() {
        let html = render(.choose(choices: [], order: nil, amount: "", reason: "", error: nil))
        #expect(html.contains("没有可退的充值") && !html.contains("<form method=\"post\" action=\"/console/cardholders/20260001/refund"))
    }

    @Test func aRefusalIsShownOnItsFieldWithWhatWasTyped() {
        let over = CardError.invalidField("amount", zh: "退款金额应为 ¥0.01–¥40.00", en: "the amount is ¥0.01 to ¥40.00")
        let html = render(.choose(choices: choices, order: "ALI-2", amount: "<50>", reason: "误充", error: over))
        #expect(html.contains(#"id="amount-error""#) && html.contains("¥0.01–¥40.00") && html.contains("&lt;50&gt;"))
        #expect(html.contains("checked") && html.components(separatedBy: "checked").count == 2, "the order typed stays chosen")
        let unknown = CardError.refundOrderUnknown("ALI-9")
        let en = render(.choose(choices: choices, order: "ALI-9", amount: "1", reason: "x", error: unknown), .en)
        #expect(en.contains(#"role="alert""#) && en.contains("has no top-up numbered ALI-9"))
    }

    @Test func theConfirmationSaysWhatWillHappenAndCarriesTheRequestOnce() {
        let stage = RefundTopUpPage.Stage.confirm(choice: choices[0], amount: Money(fen: 3_000), reason: "家长误充", requestID: "console-abc")
        let html = render(stage)
        #expect(html.contains("将以现金退还 ¥30.00 给 张三（20260001），其校园卡余额从 ¥150.00 减为 ¥120.00"))
        #expect(
            html.contains(#"action="/console/cardholders/20260001/refund""#) && html.contains(#"name="request_id" value="console-abc""#))
        #expect(html.contains(#"name="amount" value="30.00""#) && html.contains(#"name="order" value="ALI-2""#))
        #expect(html.contains(#"class="danger""#) && html.contains("确认退款 ¥30.00") && html.contains(#"value="TOKEN""#))
        let en = render(stage, .en)
        #expect(en.contains("¥30.00 will be paid in cash to 张三 (20260001)") && en.contains("cannot be undone"))
    }

    @Test func theReceiptSaysWhoGotWhatForWhichTopUpFromWhomAndWhen() {
        let receipt = TransferReceipt(
            transferID: 42, kind: .refund, amount: Money(fen: 3_000), at: noon, purseBalanceAfter: Money(fen: 12_000), isReplay: false)
        let page = CashReceiptPage(staff: clerk, cardholder: holder, kind: .refund(orderNo: "ALI-2", reason: "家长误充"), receipt: receipt)
        let html = page.render(.console(path: "/console/cardholders"))
        for shown in [
            "示范大学", "张三（20260001）", "¥30.00", "ALI-2", "家长误充", "¥120.00", "演示服务中心（demo-clerk）", "2026-12-03 12:05", "42", "持卡人签字",
        ] {
            #expect(html.contains(shown), "\(shown)")
        }
        #expect(html.contains(#"id="receipt-amount""#) && html.contains(#"class="no-print""#))
        let en = page.render(.console(.en, path: "/console/cardholders"))
        #expect(en.contains("Refund receipt") && en.contains("Mistaken top-up refunded") && en.contains("signature"))
    }
}
