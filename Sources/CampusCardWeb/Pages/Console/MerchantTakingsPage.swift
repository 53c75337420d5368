import CampusCardCore
import CampusCardStore
import Foundation

/// `/console/reports/takings?date=YYYY-MM-DD&page=n`: each canteen's and shop's takings on one
/// school day (`MerchantTakingsReport`): its spends, those voided, and what is left, twenty
/// merchants to a page, with the day's total.
public struct MerchantTakingsPage: Sendable {
    public static let path = "/console/reports/takings"
    public static let perPage = 20

    public var staff: StaffMember
    public var date: String
    /// This page's merchants; nil before asking or when the day was refused.
    public var takings: [MerchantTaking]?
    /// The day's total over every merchant.
    public var total: Money
    public var page: Int
    public var hasMore: Bool
    public var error: CardError?

    public init(
        staff: StaffMember, date: String, takings: [MerchantTaking]? = nil, total: Money = .zero, page: Int = 1, hasMore: Bool = false,
        error: CardError? = nil
    ) {
        (self.staff, self.date, self.takings, self.total) = (staff, date, takings, total)
        (self.page, self.hasMore, self.error) = (page, hasMore, error)
    }

    static func title(_ c: PageContext) -> String { c.t("商户营业额", "Merchants' takings") }

    public static func path(date: String, page: Int = 1) -> String {
        ReconciliationPage.path(path, date: date, page: page)
    }

    public func render(_ c: PageContext) -> String {
        ConsoleLayout(title: Self.title(c), staff: staff).render(c) {
            el("form", Attribute("method", "get"), Attribute("action", Self.path), .class("card report-form")) {
                ReconciliationPage.dayField(date, error: error?.details["field"] == "date" ? error.map(c.message) : nil, c)
                Components.submit(c.t("查看", "Show"))
            }
            if let error, error.details["field"] != "date" { Components.alert(c.message(error)) }
            if let takings {
                el("section", .aria("labelledby", "takings")) {
                    el("h2", .id("takings")) { c.t("\(date) 合计 \(total.formatted)", "\(date): \(total.formatted) in all") }
                    if takings.isEmpty {
                        Components.empty(c.t("本校还没有商户。", "The school has no merchants yet."))
                    } else {
                        table(takings, c)
                    }
                    ConsolePager.links(page: page, hasMore: hasMore, c, label: c.t("商户分页", "Pages of merchants")) {
                        Self.path(date: date, page: $0)
                    }
                }
            }
        }
    }

    private func table(_ takings: [MerchantTaking], _ c: PageContext) -> Node {
        el("table", .class("grid")) {
            el("thead") {
                el("tr") {
                    el("th", Attribute("scope", "col")) { c.t("商户", "Merchant") }
                    el("th", Attribute("scope", "col")) { c.t("编号", "Code") }
                    for header in [c.t("笔数", "Spends"), c.t("消费", "Spent"), c.t("撤销", "Voided"), c.t("营业额", "Takings")] {
                        el("th", .class("amount"), Attribute("scope", "col")) { header }
                    }
                }
            }
            el("tbody") {
                for taking in takings {
                    el("tr", .id("merchant-\(taking.code)")) {
                        el("td") { taking.name }
                        el("td") { taking.code }
                        el("td", .class("amount")) { String(taking.spends) }
                        el("td", .class("amount")) { taking.spent.formatted }
                        el("td", .class("amount")) { taking.voided.formatted }
                        el("td", .class("amount")) { taking.net.formatted }
                    }
                }
            }
        }
    }
}
