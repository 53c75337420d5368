import CampusCardCore
import CampusCardStore
import Foundation
import Testing

@testable import CampusCardWeb

/// The reconciliation report rendered without a server: the form, the totals and each difference
/// by name, the CSV's address, the pages, each language.
@Suite struct ConsoleReportViewTests {
    let report = ReconciliationReport(
        day: LocalDate("2026-09-21")!, provider: .wechatPay,
        lines: [
            .init(orderNo: "T1", status: .credited, payable: Money(fen: 5_015), fee: Money(fen: 15), channel: .paid(Money(fen: 5_015))),
            .init(
                orderNo: "T2", status: .awaitingPayment, payable: Money(fen: 5_015), fee: Money(fen: 15), channel: .paid(Money(fen: 5_015))),
        ], refusedNotifications: [(orderNo: nil, detail: "bad signature")])

    @Test func theReportShowsTheTotalsEachDifferenceAndItsCSV() {
        let html = ReconciliationPage(
            staff: .demoClerk, date: "2026-09-21", provider: "wechat_pay", report: report, differences: report.differences, page: 1,
            hasMore: true
        ).render(.console())
        #expect(
            html.contains(#"id="credited">1 笔，¥50.15"#) && html.contains(#"id="fees">¥0.15"#)
                && html.contains(#"id="channel-paid">2 笔，¥100.30"#))
        #expect(html.contains("渠道已收款、未入账") && html.contains("被拒绝的支付通知") && html.contains("bad signature"))
        #expect(html.contains(#"href="/console/reports/reconciliation.csv?date=2026-09-21&amp;provider=wechat_pay""#))
        #expect(html.contains("provider=wechat_pay&amp;page=2") && html.contains(#"<option value="wechat_pay" selected>微信支付"#))
    }

    /// The T+1 bill's differences among the others, each with both amounts and what was done;
    /// the button to check the bill again for an administrator only; the same in the CSV.
    @Test func theBillsDifferencesShowWithWhatWasDone() {
        let bill = BillCheck(
            day: LocalDate("2026-09-21")!, provider: .alipay, state: .done, payments: 3, paymentsTotal: Money(fen: 15_045), refunds: 1,
            refundsTotal: Money(fen: 5_015), fees: Money(fen: 60),
            differences: [
                .init(kind: .paidNotCredited, orderNo: "B1", ours: Money(fen: 5_015), channel: Money(fen: 5_015), action: .credited),
                .init(kind: .feeMismatch, orderNo: "B2", ours: Money(fen: 30), channel: Money(fen: 99), action: .reported),
                .init(kind: .amountMismatch, orderNo: "B3", ours: Money(fen: 5_015), channel: Money(fen: 4_000), action: .reported),
                .init(kind: .creditedNotPaid, orderNo: "B4", ours: Money(fen: 5_015), channel: nil, action: .reported),
            ])
        let report = ReconciliationReport(day: bill.day, provider: .alipay, lines: [], refusedNotifications: [], bill: bill)
        let admin = StaffMember(id: 1, schoolID: 1, username: "demo-admin", displayName: "管理员", role: .admin)
        let html = ReconciliationPage(staff: admin, date: "2026-09-21", provider: "alipay", report: report, differences: report.differences)
            .render(.console())
        #expect(html.contains("已核对：收款 3 笔 ¥150.45，退款 1 笔 ¥50.15，渠道手续费 ¥0.60"))
        #expect(html.contains("手续费不符") && html.contains("账单 bill: 我方 ours 0.30 / 渠道 channel 0.99 / 待处理 reported"))
        #expect(html.contains("已补入账 credited") && html.contains("金额不符") && html.contains("已入账、渠道未收款"))
        #expect(html.contains(#"action="/console/reports/reconciliation/bill""#) && html.contains(#"name="provider" value="alipay""#))
        let clerks = ReconciliationPage(staff: .demoClerk, date: "2026-09-21", provider: "alipay", report: report).render(.console())
        #expect(!clerks.contains("/console/reports/reconciliation/bill") && clerks.contains("已核对"))
        let english = ReconciliationPage(
            staff: admin, date: "2026-09-21", provider: "alipay", report: report, differences: report.differences
        ).render(.console(.en))
        #expect(english.contains("Fees differ") && english.contains("Download and check the bill"))
        #expect(report.csv.contains("T+1,done,3,150.45,1,50.15,0.60"))
        #expect(report.csv.contains("fee_mismatch,B2,账单 bill: 我方 ours 0.30 / 渠道 channel 0.99 / 待处理 reported"))
        #expect(report.csv.contains("credited_not_paid,B4,账单 bill: 我方 ours 50.15 / 渠道 channel — / 待处理 reported"))
        let unchecked = ReconciliationReport(day: bill.day, provider: .alipay, lines: [], refusedNotifications: [])
        #expect(
            ReconciliationPage(staff: admin, date: "2026-09-21", provider: "alipay", report: unchecked).render(.console()).contains("尚未下载"))
    }

    @Test func aRefusedDayIsSaidOnItsFieldInEnglish() {
        let html = ReconciliationPage(
            staff: .demoClerk, date: "21-09", provider: "alipay",
            error: .invalidField("date", zh: "日期格式应为 YYYY-MM-DD", en: "date must be YYYY-MM-DD")
        ).render(.console(.en))
        #expect(html.contains(#"id="date-error""#) && html.contains("date must be YYYY-MM-DD") && !html.contains("Download CSV"))
        #expect(html.contains("Reconcile") && html.contains("Alipay"))
    }

    @Test func theConsolesFirstPageLeadsToIt() {
        #expect(
            ConsoleHomePage(staff: .demoClerk, schoolName: "示范大学").render(.console()).contains(#"href="/console/reports/reconciliation""#))
    }
}

/// Merchants' takings rendered without a server: each merchant's spends, voids and takings, the
/// day's total, the pages, a refused day on its field.
@Suite struct ConsoleTakingsViewTests {
    @Test func eachMerchantsTakingsAndTheDaysTotal() {
        let canteen = MerchantTaking(code: "C1", name: "第一食堂", spends: 2, spent: Money(fen: 1_550), voided: Money(fen: 350))
        let html = MerchantTakingsPage(staff: .demoClerk, date: "2026-09-21", takings: [canteen], total: Money(fen: 1_200), hasMore: true)
            .render(.console())
        #expect(html.contains(#"<tr id="merchant-C1"><td>第一食堂</td><td>C1</td><td class="amount">2</td><td class="amount">¥15.50</td>"#))
        #expect(html.contains("2026-09-21 合计 ¥12.00") && html.contains("takings?date=2026-09-21&amp;page=2"))
        let refused = MerchantTakingsPage(
            staff: .demoClerk, date: "x", error: .invalidField("date", zh: "日期格式应为 YYYY-MM-DD", en: "date must be YYYY-MM-DD")
        ).render(.console(.en))
        #expect(refused.contains(#"id="date-error""#) && !refused.contains("<table") && refused.contains("Merchants' takings"))
    }
}
