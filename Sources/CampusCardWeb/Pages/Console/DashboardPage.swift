import CampusCardCore
import CampusCardServices
import CampusCardStore
import Foundation

/// `/console/dashboard?day=YYYY-MM-DD&page=n`: the card office's day at a glance
/// (`CardOfficeDashboard`): the day's totals, top-ups by hour and channel against the same weekday
/// a week before, spends by merchant and failed top-ups by reason, each a chart drawn here as SVG
/// with its table beside it (twenty merchants to a page). A refused day is said on the form.
public struct DashboardPage: Sendable {
    public static let path = "/console/dashboard"
    public static let perPage = 20

    public var staff: StaffMember
    /// The day as asked (the school's today at first).
    public var date: String
    /// nil when the day was refused.
    public var report: CardOfficeDashboard.Day?
    /// This page's merchants.
    public var merchants: [MerchantTaking]
    public var page: Int
    public var hasMore: Bool
    public var error: CardError?

    public init(
        staff: StaffMember, date: String, report: CardOfficeDashboard.Day? = nil, merchants: [MerchantTaking] = [], page: Int = 1,
        hasMore: Bool = false, error: CardError? = nil
    ) {
        (self.staff, self.date, self.report, self.merchants) = (staff, date, report, merchants)
        (self.page, self.hasMore, self.error) = (page, hasMore, error)
    }

    static func title(_ c: PageContext) -> String { c.t("运营看板", "Dashboard") }

    public static func path(day: String, page: Int = 1) -> String {
        var query = URLComponents()
        query.queryItems = [URLQueryItem(name: "day", value: day)] + (page > 1 ? [URLQueryItem(name: "page", value: String(page))] : [])
        return path + "?" + (query.percentEncodedQuery ?? "")
    }

    public func render(_ c: PageContext) -> String {
        ConsoleLayout(title: Self.title(c), staff: staff).render(c) {
            el("div", .class("card dashboard-bar")) {
                el("form", Attribute("method", "get"), Attribute("action", Self.path), .class("report-form")) {
                    ReconciliationPage.dayField(
                        date, name: "day", error: error?.details["field"] == "day" ? error.map(c.message) : nil, c)
                    Components.submit(c.t("查看", "Show"))
                }
                if let report { dayLinks(report, c) }
            }
            if let error, error.details["field"] != "day" { Components.alert(c.message(error)) }
            if let report {
                let charts = DashboardCharts(report: report, c)
                totals(report, c)
                el("section", .class("card"), .aria("labelledby", "top-ups")) {
                    el("h2", .id("top-ups")) { c.t("各时段充值（按渠道，与上周同日对比）", "Top-ups by hour and channel, against the same day last week") }
                    charts.topUps
                }
                el("div", .class("columns dashboard-columns")) {
                    el("section", .class("card"), .aria("labelledby", "spends")) {
                        el("h2", .id("spends")) { c.t("各商户消费", "Spends by merchant") }
                        charts.spends(merchants)
                        ConsolePager.links(page: page, hasMore: hasMore, c, label: c.t("商户分页", "Pages of merchants")) {
                            Self.path(day: report.day.description, page: $0)
                        }
                    }
                    el("section", .class("card"), .aria("labelledby", "failures")) {
                        el("h2", .id("failures")) { c.t("未成功的充值（按原因）", "Failed top-ups by reason") }
                        charts.failures
                    }
                }
            }
        }
    }

    /// The day before, and the day after unless this is the school's today.
    private func dayLinks(_ report: CardOfficeDashboard.Day, _ c: PageContext) -> Node {
        el("nav", .class("day-links"), .aria("label", c.t("换一天", "Other days"))) {
            let before = report.day.addingDays(-1).description
            Components.link(c.t("← 前一天（\(before)）", "← Day before (\(before))"), to: Self.path(day: before))
            if report.day < report.today {
                let after = report.day.addingDays(1).description
                Components.link(c.t("后一天（\(after)）→", "Day after (\(after)) →"), to: Self.path(day: after))
                Components.link(c.t("今天", "Today"), to: Self.path(day: report.today.description))
            }
        }
    }

    /// The day's figures in a row: credited top-ups against a week before, spends, failures.
    private func totals(_ report: CardOfficeDashboard.Day, _ c: PageContext) -> Node {
        let (credited, orders) = (report.topUps.reduce(Money.zero) { $0 + $1.amount }, report.topUps.reduce(0) { $0 + $1.count })
        let before = report.topUpsWeekBefore.reduce(Money.zero) { $0 + $1.amount }
        let ordersBefore = report.topUpsWeekBefore.reduce(0) { $0 + $1.count }
        let (spent, spends) = (report.merchants.reduce(Money.zero) { $0 + $1.spent }, report.merchants.reduce(0) { $0 + $1.spends })
        let failed = report.failures.reduce(0) { $0 + $1.count }
        let weekBefore = report.day.addingDays(-7).description
        let figures: [(id: String, term: String, detail: String, note: String)] = [
            ("credited", c.t("充值入账", "Top-ups credited"), credited.formatted, c.t("\(orders) 笔", "\(orders) orders")),
            (
                "week-before", c.t("上周同日（\(weekBefore)）", "Same day last week (\(weekBefore))"), before.formatted,
                c.t("\(ordersBefore) 笔", "\(ordersBefore) orders")
            ),
            ("spent", c.t("消费", "Spent"), spent.formatted, c.t("\(spends) 笔", "\(spends) spends")),
            ("failed", c.t("未成功充值", "Failed top-ups"), String(failed), c.t("笔订单", "orders")),
        ]
        return el("ul", .class("totals")) {
            for figure in figures {
                el("li") {
                    el("span", .class("term")) { figure.term }
                    el("p", .id(figure.id)) {
                        el("strong") { figure.detail }
                        el("span") { figure.note }
                    }
                }
            }
        }
    }
}
