import CampusCardCore
import CampusCardStore
import Foundation
import Testing

@testable import CampusCardWeb

/// Paying out a leaver rendered without a server: the form offering the whole balance, its
/// refusal on the field, the confirmation, the receipt, each language; nothing offered to one
/// who stays or has nothing left.
@Suite struct ConsolePayoutViewTests {
    let leaver = CardholderEntry.zhangSan(leaveDate: "2026-07-01", balance: Money(fen: 3_550))

    func render(_ stage: PayoutPage.Stage, _ cardholder: CardholderEntry? = nil, _ language: PageLanguage = .zh) -> String {
        PayoutPage(staff: .demoClerk, cardholder: cardholder ?? leaver, stage: stage).render(
            .console(language, path: "/console/cardholders"))
    }

    @Test func theFormOffersTheWholeBalanceAndPostsToTheConfirmation() {
        let html = render(.form(amount: nil, error: nil))
        #expect(html.contains(#"value="35.50""#) && html.contains("2026-07-01") && html.contains("不超过 ¥35.50"))
        #expect(html.contains(#"action="/console/cardholders/20260001/payout/confirm""#) && html.contains(#"value="TOKEN""#))
        #expect(!html.contains(#"class="danger""#), "nothing is paid from the form")
        let refused = render(
            .form(amount: "99", error: .invalidField("amount", zh: "结清金额应为 ¥0.01–¥35.50", en: "the amount is ¥0.01 to ¥35.50")), nil, .en)
        #expect(
            refused.contains(#"id="amount-error""#) && refused.contains("the amount is ¥0.01 to ¥35.50") && refused.contains(#"value="99""#)
        )
    }

    @Test func theConfirmationSaysWhatIsPaidAndWhatStays() {
        let html = render(.confirm(amount: Money(fen: 3_000), requestID: "console-1"))
        #expect(html.contains("将以现金支付 ¥30.00 给 张三（20260001），其校园卡余额从 ¥35.50 减为 ¥5.50"))
        #expect(html.contains(#"name="amount" value="30.00""#) && html.contains(#"name="request_id" value="console-1""#))
        #expect(html.contains(#"action="/console/cardholders/20260001/payout""#) && html.contains("确认支付 ¥30.00"))
        #expect(render(.confirm(amount: Money(fen: 3_000), requestID: "r"), nil, .en).contains("will be paid in cash to 张三 (20260001)"))
    }

    @Test func oneWhoStaysOrHasNothingLeftIsNotOffered() {
        let stays = CardholderEntry.zhangSan()
        let empty = CardholderEntry.zhangSan(status: .frozen, balance: .zero)
        #expect(
            render(.form(amount: nil, error: nil), stays).contains("没有离校日期")
                && !render(.form(amount: nil, error: nil), stays).contains("name=\"amount\""))
        #expect(render(.form(amount: nil, error: nil), empty, .en).contains("nothing to pay out"))
        func profile(_ cardholder: CardholderEntry) -> String {
            CardholderProfilePage(
                staff: .demoClerk, cardholder: cardholder, cards: [], bindings: [], records: [], nextRecords: nil, newestRecords: true,
                audit: [], auditPage: 1, moreAudit: false
            ).render(.console(path: "/console/cardholders"))
        }
        #expect(profile(leaver).contains("/payout") && !profile(stays).contains("/payout") && !profile(empty).contains("/payout"))
    }

    @Test func theReceiptSaysWhoWasPaidWhatByWhomAndWhen() {
        let receipt = TransferReceipt(
            transferID: 7, kind: .payout, amount: Money(fen: 3_550), at: Date(timeIntervalSince1970: 1_796_270_700),
            purseBalanceAfter: .zero, isReplay: false)
        let page = CashReceiptPage(staff: .demoClerk, cardholder: leaver, kind: .payout, receipt: receipt)
        let html = page.render(.console(path: "/console/cardholders"))
        for shown in [
            "离校退款凭证", "张三（20260001）", #"id="receipt-amount">¥35.50"#, #"id="receipt-balance">¥0.00"#, "2026-07-01", "演示服务中心（demo-clerk）",
            "持卡人签字",
        ] {
            #expect(html.contains(shown), "\(shown)")
        }
        #expect(page.render(.console(.en, path: "/console/cardholders")).contains("Leaver's payout receipt"))
    }
}
