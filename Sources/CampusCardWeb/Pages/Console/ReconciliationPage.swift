import CampusCardCore
import CampusCardStore
import Foundation

/// `/console/reports/reconciliation?date=YYYY-MM-DD&provider=alipay&page=n`: one school day with
/// one channel (`DailyReconciliation`, as the API): what was credited against what the channel
/// says it took, and every difference, twenty to a page, with the same report as CSV.
public struct ReconciliationPage: Sendable {
    public static let path = "/console/reports/reconciliation"
    public static let csvPath = "/console/reports/reconciliation.csv"
    /// Where an administrator has the day's bill downloaded and checked now.
    public static let billPath = "/console/reports/reconciliation/bill"
    public static let perPage = 20

    public var staff: StaffMember
    /// The form's date and channel as asked (the school's today and Alipay at first).
    public var date: String
    public var provider: String
    /// nil before asking, or when asking was refused.
    public var report: ReconciliationReport?
    /// This page's differences.
    public var differences: [ReconciliationReport.Difference]
    public var page: Int
    public var hasMore: Bool
    public var error: CardError?

    public init(
        staff: StaffMember, date: String, provider: String, report: ReconciliationReport? = nil,
        differences: [ReconciliationReport.Difference] = [], page: Int = 1, hasMore: Bool = false, error: CardError? = nil
    ) {
        (self.staff, self.date, self.provider, self.report, self.differences) = (staff, date, provider, report, differences)
        (self.page, self.hasMore, self.error) = (page, hasMore, error)
    }

    static func title(_ c: PageContext) -> String { c.t("对账", "Reconciliation") }

    /// The report's address (`path` or `csvPath`) for `date` and `provider`.
    public static func path(_ base: String = path, date: String, provider: String? = nil, page: Int = 1) -> String {
        var query = URLComponents()
        query.queryItems = [URLQueryItem(name: "date", value: date)] + (provider.map { [URLQueryItem(name: "provider", value: $0)] } ?? [])
        if page > 1 { query.queryItems?.append(URLQueryItem(name: "page", value: String(page))) }
        return base + "?" + (query.percentEncodedQuery ?? "")
    }

    public func render(_ c: PageContext) -> String {
        ConsoleLayout(title: Self.title(c), staff: staff).render(c) {
            el("p", .class("hint")) {
                c.t(
                    "按学校日期（\(c.timeZone.identifier)）和支付渠道核对：每笔订单向渠道查询后与我方记录比对，并列出当天被拒绝的支付通知；次日10点后还会下载渠道对账单（T+1）逐笔核对。",
                    "One school day (\(c.timeZone.identifier)) with one channel: every order is asked about at the channel and set against ours; the notifications refused that day are listed too; after 10:00 the next day the channel's bill (T+1) is checked line by line."
                )
            }
            form(c)
            if let error, !["date", "provider"].contains(error.details["field"] ?? "") { Components.alert(c.message(error)) }
            if let report { summary(report, c) }
        }
    }

    private func form(_ c: PageContext) -> Node {
        let field = error?.details["field"]
        let message = error.map(c.message)
        return el("form", Attribute("method", "get"), Attribute("action", Self.path), .class("card report-form")) {
            Self.dayField(date, error: field == "date" ? message : nil, c)
            el("div", .class(field == "provider" ? "field invalid" : "field")) {
                el("label", .for("provider")) { c.t("渠道", "Channel") }
                el(
                    "select",
                    attributes: [.id("provider"), .name("provider"), field == "provider" ? .aria("describedby", "provider-error") : nil]
                ) {
                    for each in PaymentProvider.allCases {
                        el("option", attributes: [.value(each.rawValue), each.rawValue == provider ? .selected : nil]) {
                            c.t(each.chineseName, each.englishName)
                        }
                    }
                }
                if field == "provider", let message { el("p", .class("error"), .id("provider-error"), .role("alert")) { message } }
            }
            Components.submit(c.t("对账", "Reconcile"))
        }
    }

    private func summary(_ report: ReconciliationReport, _ c: PageContext) -> Node {
        let channel = c.t(report.provider.chineseName, report.provider.englishName)
        return el("section", .aria("labelledby", "report")) {
            el("h2", .id("report")) { "\(report.day) · \(channel)" }
            el("div", .class("card")) {
                ConsoleFacts.list([
                    .init(
                        term: c.t("我方入账", "Credited by us"),
                        detail: c.t(
                            "\(report.creditedCount) 笔，\(report.creditedTotal.formatted)",
                            "\(report.creditedCount), \(report.creditedTotal.formatted)"), id: "credited"),
                    .init(term: c.t("其中手续费", "Of which fees"), detail: report.fees.formatted, id: "fees"),
                    .init(
                        term: c.t("渠道已收款", "Paid at the channel"),
                        detail: c.t(
                            "\(report.channelPaidCount) 笔，\(report.channelPaidTotal.formatted)",
                            "\(report.channelPaidCount), \(report.channelPaidTotal.formatted)"), id: "channel-paid"),
                    .init(term: c.t("对账单（T+1）", "Bill (T+1)"), detail: Self.bill(report.bill, c), id: "bill"),
                    .init(term: c.t("差异", "Differences"), detail: String(report.differences.count), id: "difference-count"),
                ])
                Components.link(
                    c.t("下载 CSV", "Download CSV"),
                    to: Self.path(Self.csvPath, date: report.day.description, provider: report.provider.rawValue),
                    class: "secondary")
                if staff.role.may(.runSchool), report.provider != .unionPay {
                    PostForm(action: Self.billPath, csrf: c.csrfToken, class: "inline") {
                        void("input", [.type("hidden"), .name("date"), .value(report.day.description)])
                        void("input", [.type("hidden"), .name("provider"), .value(report.provider.rawValue)])
                        Components.submit(c.t("下载对账单并核对", "Download and check the bill"))
                    }
                    .node
                }
            }
            if report.differences.isEmpty {
                Components.empty(c.t("没有差异：我方记录与渠道一致。", "No differences: ours and the channel's agree."))
            } else {
                el("table", .class("grid")) {
                    el("thead") {
                        el("tr") {
                            for header in [c.t("差异", "Difference"), c.t("订单号", "Order"), c.t("说明", "Detail")] {
                                el("th", Attribute("scope", "col")) { header }
                            }
                        }
                    }
                    el("tbody") {
                        for difference in differences {
                            el("tr") {
                                el("td") { Self.name(difference.kind, c) }
                                el("td") { difference.orderNo ?? "—" }
                                el("td") { difference.detail }
                            }
                        }
                    }
                }
            }
            ConsolePager.links(page: page, hasMore: hasMore, c, label: c.t("差异分页", "Pages of differences")) {
                Self.path(date: report.day.description, provider: report.provider.rawValue, page: $0)
            }
        }
    }

    /// Where the day's bill check is: its counts once done.
    static func bill(_ bill: BillCheck?, _ c: PageContext) -> String {
        guard let bill else { return c.t("尚未下载（次日10点后自动核对）", "Not downloaded yet (checked after 10:00 the next day)") }
        switch bill.state {
        case .done:
            return c.t(
                "已核对：收款 \(bill.payments) 笔 \(bill.paymentsTotal.formatted)，退款 \(bill.refunds) 笔 \(bill.refundsTotal.formatted)，渠道手续费 \(bill.fees.formatted)",
                "Checked: \(bill.payments) payments, \(bill.paymentsTotal.formatted); \(bill.refunds) refunds, \(bill.refundsTotal.formatted); channel fees \(bill.fees.formatted)"
            )
        case .running: return c.t("正在核对", "Being checked")
        case .failed: return c.t("下载失败，稍后重试：\(bill.error ?? "")", "Download failed, tried again later: \(bill.error ?? "")")
        }
    }

    /// The school day a report is of, as the reports' forms ask for it.
    static func dayField(_ date: String, name: String = "date", error: String?, _ c: PageContext) -> Node {
        Components.field(
            name, label: c.t("日期", "Day"), type: "date", value: date, hint: c.t("学校日期", "The school's day"), error: error,
            autocomplete: nil)
    }

    static func name(_ kind: ReconciliationReport.Difference.Kind, _ c: PageContext) -> String {
        switch kind {
        case .paidNotCredited: c.t("渠道已收款、未入账", "Paid, not credited")
        case .creditedNotPaid: c.t("已入账、渠道未收款", "Credited, not paid")
        case .amountMismatch: c.t("金额不符", "Amounts differ")
        case .feeMismatch: c.t("手续费不符", "Fees differ")
        case .channelUnreachable: c.t("渠道无法查询", "Channel not reachable")
        case .refusedNotification: c.t("被拒绝的支付通知", "Refused notification")
        }
    }
}
