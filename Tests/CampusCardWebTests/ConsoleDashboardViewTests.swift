import CampusCardCore
import CampusCardServices
import CampusCardStore
import Foundation
import Testing

@testable import CampusCardWeb

/// The card office's dashboard rendered without a server: the day's totals, each chart with its
/// table, a quiet day said in words, the days before and after, a refused day on its field.
@Suite struct ConsoleDashboardViewTests {
    let day = CardOfficeDashboard.Day(
        day: LocalDate("2026-09-21")!, today: LocalDate("2026-09-22")!,
        topUps: [
            .init(provider: .alipay, hour: 8, count: 2, amount: Money(fen: 10_000)),
            .init(provider: .wechatPay, hour: 12, count: 1, amount: Money(fen: 5_015)),
        ],
        topUpsWeekBefore: [.init(provider: .alipay, hour: 12, count: 1, amount: Money(fen: 2_000))],
        merchants: [
            MerchantTaking(code: "C2", name: "二食堂 <南>", spends: 3, spent: Money(fen: 2_550), voided: Money(fen: 350)),
            MerchantTaking(code: "C1", name: "一食堂", spends: 1, spent: Money(fen: 1_200), voided: .zero),
            MerchantTaking(code: "S1", name: "超市", spends: 0, spent: .zero, voided: .zero),
        ],
        failures: [
            .init(status: .closed, reason: "expired unpaid", count: 4, amount: Money(fen: 20_000)),
            .init(status: .failed, reason: CardError.Code.bankInsufficientFunds.rawValue, count: 1, amount: Money(fen: 5_000)),
        ])

    @Test func theDaysTotalsChartsAndTables() throws {
        let html = DashboardPage(staff: .demoClerk, date: "2026-09-21", report: day, merchants: day.merchants).render(.console())
        #expect(html.contains(#"id="credited"><strong>¥150.15</strong><span>3 笔</span>"#))
        #expect(html.contains(#"id="week-before"><strong>¥20.00</strong>"#) && html.contains("上周同日（2026-09-14）"))
        #expect(html.contains(#"id="spent"><strong>¥37.50</strong><span>4 笔</span>"#) && html.contains(#"id="failed"><strong>5</strong>"#))
        for chart in ["chart-top-ups", "chart-spends", "chart-failures"] {
            #expect(html.contains(#"<svg xmlns="http://www.w3.org/2000/svg" id="\#(chart)" class="chart" role="img""#), "\(chart)")
        }
        let noon = try #require(html.firstMatch(of: try Regex(#"<tr id="hour-12">.*?</tr>"#))).0
        #expect(noon.contains("12:00–13:00") && noon.contains("¥50.15（1）") && noon.contains("¥20.00"), "\(noon)")
        #expect(html.contains("二食堂 &lt;南&gt;") && !html.contains("二食堂 <南>"))
        #expect(html.contains("超时未支付<code>expired unpaid</code>") && html.contains("银行卡余额不足") && html.contains("已关闭"))
        #expect(html.contains(#"href="/console/dashboard?day=2026-09-20""#) && html.contains(#"href="/console/dashboard?day=2026-09-22""#))
        #expect(html.contains(#"name="day" type="date" value="2026-09-21""#))
    }

    @Test func aQuietDayIsSaidInWordsAndTodayHasNoDayAfter() {
        let quiet = CardOfficeDashboard.Day(
            day: LocalDate("2026-09-22")!, today: LocalDate("2026-09-22")!, topUps: [], topUpsWeekBefore: [],
            merchants: [MerchantTaking(code: "C1", name: "一食堂", spends: 0, spent: .zero, voided: .zero)], failures: [])
        let html = DashboardPage(staff: .demoClerk, date: "2026-09-22", report: quiet, merchants: quiet.merchants).render(.console(.en))
        #expect(!html.contains("<svg"))
        #expect(
            html.contains("No top-up was credited on this day or the same day last week.")
                && html.contains("Nothing was spent on this day.")
                && html.contains("No top-up failed on this day."))
        #expect(html.contains("Day before (2026-09-21)") && !html.contains("Day after"))
    }

    @Test func aRefusedDayIsSaidOnItsField() {
        let html = DashboardPage(
            staff: .demoClerk, date: "2026-02-30", error: .invalidField("day", zh: "日期格式应为 YYYY-MM-DD", en: "day must be YYYY-MM-DD")
        ).render(.console())
        #expect(html.contains(#"id="day-error""#) && html.contains("日期格式应为 YYYY-MM-DD") && !html.contains("<svg"))
    }

    @Test func theConsolesFirstPageLeadsToIt() {
        #expect(ConsoleHomePage(staff: .demoClerk, schoolName: "示范大学").render(.console()).contains(#"href="/console/dashboard""#))
    }
}
