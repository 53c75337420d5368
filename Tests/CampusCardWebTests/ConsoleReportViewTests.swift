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
