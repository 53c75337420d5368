import CampusCardCore
import Foundation
import Testing

@testable import CampusCardServices
@testable import CampusCardStore
@testable import CampusCardWeb

/// The auto top-up page in each state, rendered without a server.
@Suite struct AutoTopUpViewTests {
    let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    /// 2026-10-16 12:05 in Shanghai.
    let noon = Date(timeIntervalSince1970: 1_792_123_500)

    func context(_ language: PageLanguage = .zh) -> PageContext {
        PageContext(
            language: language, csrfToken: "TOKEN", timeZone: shanghai, path: "/h5/DEMO/auto-top-up", schoolPath: "/h5/DEMO",
            schoolName: "示范大学")
    }

    func agreement(_ status: AutoTopUpStatus) -> AutoTopUpAgreement {
        AutoTopUpAgreement(
            id: 1, schoolID: 1, cardholderID: 1, purse: LedgerAccount(id: 9, kind: .purse), status: status, debitState: .armed,
            threshold: .yuan(20), amount: .yuan(50), token: "TK", cardLastFour: "0001", failures: 0, nextAttemptAt: nil,
            signedAt: noon, expiresAt: Date(timeIntervalSince1970: 1_819_728_000), createdAt: noon)
    }

    func overview(_ agreement: AutoTopUpAgreement?, debits: [AutoTopUpService.DebitLine] = []) -> AutoTopUpService.Overview {
        AutoTopUpService.Overview(
            agreement: agreement, debits: debits, refunds: [], changes: [], settings: .defaults, timeZone: shanghai, offered: true)
    }

    func debit(_ status: AutoTopUpDebits.Debit.Status, reason: AutoDebitReason? = nil) -> AutoTopUpDebits.Debit {
        AutoTopUpDebits.Debit(
            agreementID: 1, orderNo: "T1", cardholderID: 1, amount: .yuan(50), status: status, bankCode: reason == nil ? nil : "51",
            reason: reason, at: noon, settledAt: noon)
    }

    /// Every form posts with the session's token.
    func everyFormCarriesTheToken(_ html: String) {
        let forms = html.components(separatedBy: "<form").count - 1
        #expect(forms > 0)
        #expect(html.components(separatedBy: #"name="_csrf" value="TOKEN""#).count - 1 == forms)
    }

    @Test func withoutAnAgreementItAsksForTheBankCardThenTheBanksCode() {
        let html = AutoTopUpPage(overview: overview(nil)).render(context())
        for field in ["card_number", "holder_name", "id_number", "phone"] { #expect(html.contains(#"name="\#(field)""#)) }
        #expect(html.contains("获取银行验证码"))
        #expect(html.contains(#"lang="zh"#))
        everyFormCarriesTheToken(html)
        let sms = AutoTopUpPage(overview: overview(nil), step: .smsSent(openingNo: "K1", maskedPhone: "138****0000")).render(context(.en))
        #expect(sms.contains(#"name="sms_code""#))
        #expect(sms.contains(#"name="opening_no" value="K1""#))
        #expect(sms.contains("Your bank sent a code to 138****0000"))
        everyFormCarriesTheToken(sms)
    }

    @Test func anOpenedAgreementIsSignedWithTermsWithinTheBoundsAndThePaymentPassword() {
        let html = AutoTopUpPage(overview: overview(agreement(.opened))).render(context())
        #expect(html.contains(#"name="threshold""#) && html.contains(#"value="20.00""#))
        #expect(html.contains(#"name="amount""#) && html.contains(#"value="50.00""#))
        #expect(html.contains(#"name="payment_password""#))
        #expect(html.contains("不超过 ¥100.00"))
        #expect(html.contains("¥10.00–¥200.00"))
        #expect(html.contains("刷脸签约"))
        everyFormCarriesTheToken(html)
    }

    @Test func anActiveAgreementIsChangedPausedAndCancelledEachConfirmedAndADebitRefundedInItsWindow() {
        let line = AutoTopUpService.DebitLine(debit: debit(.succeeded), refundLastDay: LocalDate("2026-11-05"), refundable: true)
        let failed = AutoTopUpService.DebitLine(debit: debit(.failed, reason: .insufficientFunds), refundLastDay: nil, refundable: false)
        let html = AutoTopUpPage(overview: overview(agreement(.active), debits: [line, failed])).render(context())
        #expect(html.contains("生效中"))
        #expect(html.contains("余额低于 ¥20.00 时充值 ¥50.00"))
        for action in ["change", "pause", "cancel", "refund"] { #expect(html.contains(#"action="/h5/DEMO/auto-top-up/\#(action)""#)) }
        for box in ["confirm-change", "confirm-pause", "confirm-cancel", "confirm-refund-T1"] {
            #expect(html.contains(#"name="\#(box)" value="yes" required"#), "\(box)")
        }
        #expect(html.contains("可在 2026-11-05 前（含）申请退款"))
        #expect(html.contains("失败：银行卡余额不足"))
        everyFormCarriesTheToken(html)
        let paused = AutoTopUpPage(overview: overview(agreement(.paused))).render(context(.en))
        #expect(paused.contains("Paused") && paused.contains(#"action="/h5/DEMO/auto-top-up/resume""#))
        #expect(paused.contains(#"name="confirm-resume""#))
    }

    @Test func aDebitPastItsWindowHasNoRefundButtonAndAnExpiredAgreementSaysSo() {
        let line = AutoTopUpService.DebitLine(debit: debit(.succeeded), refundLastDay: LocalDate("2026-11-05"), refundable: false)
        let html = AutoTopUpPage(overview: overview(agreement(.expired), debits: [line])).render(context())
        #expect(!html.contains(#"/auto-top-up/refund""#))
        #expect(html.contains("退款期限：2026-11-05 前（含）"))
        #expect(html.contains("已于 2027-09-01 到期"))
        #expect(html.contains(#"name="card_number""#), "signing again starts with the bank card")
    }

    @Test func theServiceCenterSeesTheAgreementItsChangesAndDebitsAndRefundsInsideTheWindow() {
        var view = overview(
            agreement(.active),
            debits: [
                AutoTopUpService.DebitLine(debit: debit(.succeeded), refundLastDay: LocalDate("2026-11-05"), refundable: true),
                AutoTopUpService.DebitLine(debit: debit(.failed, reason: .insufficientFunds), refundLastDay: nil, refundable: false),
            ])
        view.changes = [AutoTopUpChange(action: "sign", actor: "cardholder:1", detail: "threshold ¥20.00", at: noon)]
        let html = AutoTopUpDeskPage(staff: .demoClerk, cardholder: .zhangSan(), overview: view).render(.console())
        #expect(html.contains("*0001") && html.contains("2026-10-16 12:05 签约 · 持卡人本人 · threshold ¥20.00"))
        #expect(html.contains(#"<dd id="agreement-status">生效中</dd>"#))
        #expect(html.contains("<td>成功</td>") && html.contains("失败：银行卡余额不足（银行应答码 51）"))
        let english = AutoTopUpDeskPage(staff: .demoClerk, cardholder: .zhangSan(), overview: view).render(.console(.en))
        #expect(english.contains("2026-10-16 12:05 signed · the cardholder") && english.contains(#"<dd id="agreement-status">Active</dd>"#))
        #expect(english.contains("Failed: insufficient funds on the bank card (bank code 51)"))
        #expect(html.contains(#"action="/console/cardholders/20260001/auto-top-up/refund""#))
        #expect(html.contains(#"name="confirm-T1" value="yes" required"#) && html.contains(#"name="_csrf" value="TOKEN""#))
        let auditor = StaffMember(id: 3, schoolID: 1, username: "demo-auditor", displayName: "审计", role: .auditor)
        #expect(
            !AutoTopUpDeskPage(staff: auditor, cardholder: .zhangSan(), overview: view).render(.console()).contains("auto-top-up/refund"))
    }
}
