import CampusCardCore
import CampusCardServices
import CampusCardStore

/// The dashboard's three charts, each with the table of its numbers after it (compact, and what a
/// screen reader reads), or a plain sentence when the day has nothing to draw.
struct DashboardCharts {
    let report: CardOfficeDashboard.Day
    let c: PageContext

    init(report: CardOfficeDashboard.Day, _ c: PageContext) {
        (self.report, self.c) = (report, c)
    }

    /// Each channel's own colour and pattern, and last week's line.
    static func style(_ provider: PaymentProvider) -> ChartStyle {
        switch provider {
        case .alipay: ChartStyle(colour: "#0b5cad", pattern: .solid)
        case .wechatPay: ChartStyle(colour: "#116329", pattern: .stripes)
        case .unionPay: ChartStyle(colour: "#a40e26", pattern: .dots)
        }
    }
    static let weekBeforeStyle = ChartStyle(colour: "#7d4e00", pattern: .solid)
    static let merchantStyle = ChartStyle(colour: "#0b5cad", pattern: .solid)

    static func style(_ status: TopUpOrderStatus) -> ChartStyle {
        switch status {
        case .closed: ChartStyle(colour: "#57606a", pattern: .stripes)
        case .paid: ChartStyle(colour: "#7d4e00", pattern: .dots)
        default: ChartStyle(colour: "#a40e26", pattern: .solid)
        }
    }

    /// The chart at most shows this many merchants, the biggest; the table pages through them all.
    static let merchantBars = 10

    // MARK: Top-ups by hour

    var topUps: Node {
        let providers = PaymentProvider.allCases
        let weekBefore = report.day.addingDays(-7).description
        let chart = HourlyBarChart(
            id: "chart-top-ups", title: c.t("\(report.day) 各时段充值入账", "Top-ups credited by hour, \(report.day)"),
            description: c.t(
                "每小时一根柱，按渠道分段堆叠（金额，元）；虚线为上周同日（\(weekBefore)）各小时合计。具体数字见下表。",
                "One bar per hour, stacked by channel (amount in yuan); the dashed line is each hour's total on the same day last week (\(weekBefore)). The table below has the figures."
            ),
            unit: .fen,
            series: providers.map { p in
                HourlyBarChart.Series(name: name(p), style: Self.style(p), values: Self.byHour(report.topUps.filter { $0.provider == p }))
            },
            comparison: HourlyBarChart.Series(
                name: c.t("上周同日合计", "Last week, all channels"), style: Self.weekBeforeStyle, values: Self.byHour(report.topUpsWeekBefore)),
            hourName: { [c] hour in c.t("\(hour) 时", "\(hour):00") })
        guard !chart.isEmpty else {
            return Components.empty(c.t("这一天和上周同日都没有入账的充值。", "No top-up was credited on this day or the same day last week."))
        }
        let hours = (0..<24).filter { hour in (report.topUps + report.topUpsWeekBefore).contains { $0.hour == hour } }
        return el("div") {
            el("figure", .class("chart-figure")) { chart.svg }
            el("table", .class("grid compact"), .id("top-ups-table")) {
                el("caption") { c.t("有充值的时段（金额）", "Hours with top-ups (amounts)") }
                el("thead") {
                    el("tr") {
                        el("th", Attribute("scope", "col")) { c.t("时段", "Hour") }
                        for p in providers { el("th", .class("amount"), Attribute("scope", "col")) { name(p) } }
                        el("th", .class("amount"), Attribute("scope", "col")) { c.t("合计（笔）", "Total (orders)") }
                        el("th", .class("amount"), Attribute("scope", "col")) { c.t("上周同日", "Last week") }
                    }
                }
                el("tbody") {
                    for hour in hours {
                        let today = report.topUps.filter { $0.hour == hour }
                        let before = report.topUpsWeekBefore.filter { $0.hour == hour }
                        el("tr", .id("hour-\(hour)")) {
                            el("th", Attribute("scope", "row")) { c.t("\(hour):00–\(hour + 1):00", "\(hour):00–\(hour + 1):00") }
                            for p in providers {
                                el("td", .class("amount")) { Self.sum(today.filter { $0.provider == p }).formatted }
                            }
                            el("td", .class("amount")) { "\(Self.sum(today).formatted)（\(today.reduce(0) { $0 + $1.count })）" }
                            el("td", .class("amount")) { Self.sum(before).formatted }
                        }
                    }
                }
            }
        }
    }

    private func name(_ provider: PaymentProvider) -> String {
        c.t(provider.chineseName, provider.englishName)
    }

    private static func byHour(_ buckets: [HourlyTopUp]) -> [Int64] {
        (0..<24).map { hour in buckets.filter { $0.hour == hour }.reduce(0) { $0 + $1.amount.fen } }
    }

    private static func sum(_ buckets: [HourlyTopUp]) -> Money {
        buckets.reduce(Money.zero) { $0 + $1.amount }
    }

    // MARK: Spends by merchant

    /// The chart of the day's biggest merchants, and the table of `page`'s merchants.
    func spends(_ page: [MerchantTaking]) -> Node {
        let busy = report.merchants.filter { $0.spends > 0 }
        guard !busy.isEmpty else {
            return Components.empty(
                report.merchants.isEmpty
                    ? c.t("本校还没有商户。", "The school has no merchants yet.") : c.t("这一天没有消费。", "Nothing was spent on this day."))
        }
        let shown = busy.prefix(Self.merchantBars)
        let chart = HorizontalBarChart(
            id: "chart-spends", title: c.t("\(report.day) 各商户消费", "Spends by merchant, \(report.day)"),
            description: c.t(
                "消费金额最多的 \(shown.count) 个商户（共 \(busy.count) 个有消费），每个一条横条，末端注明金额和笔数。具体数字见下表。",
                "The \(shown.count) merchants who took most (of \(busy.count) with spends), one bar each, its amount and number of spends at its end. The table below has the figures."
            ),
            unit: .fen,
            bars: shown.map { m in
                HorizontalBarChart.Bar(
                    label: m.name, value: m.spent.fen,
                    note: c.t("\(m.spent.formatted) · \(m.spends) 笔", "\(m.spent.formatted) · \(m.spends)"),
                    style: Self.merchantStyle)
            })
        return el("div") {
            el("figure", .class("chart-figure")) { chart.svg }
            el("table", .class("grid compact"), .id("spends-table")) {
                el("caption") { c.t("各商户消费（按金额排序）", "Each merchant's spends, most first") }
                el("thead") {
                    el("tr") {
                        el("th", Attribute("scope", "col")) { c.t("商户", "Merchant") }
                        for header in [c.t("笔数", "Spends"), c.t("消费", "Spent"), c.t("撤销", "Voided")] {
                            el("th", .class("amount"), Attribute("scope", "col")) { header }
                        }
                    }
                }
                el("tbody") {
                    for m in page {
                        el("tr", .id("merchant-\(m.code)")) {
                            el("th", Attribute("scope", "row")) { m.name }
                            el("td", .class("amount")) { String(m.spends) }
                            el("td", .class("amount")) { m.spent.formatted }
                            el("td", .class("amount")) { m.voided.formatted }
                        }
                    }
                }
            }
        }
    }

    // MARK: Failed top-ups

    var failures: Node {
        guard !report.failures.isEmpty else {
            return Components.empty(c.t("这一天没有未成功的充值。", "No top-up failed on this day."))
        }
        let statuses = [TopUpOrderStatus.failed, .closed, .paid].filter { s in report.failures.contains { $0.status == s } }
        let chart = HorizontalBarChart(
            id: "chart-failures", title: c.t("\(report.day) 未成功的充值", "Failed top-ups, \(report.day)"),
            description: c.t(
                "每个原因一条横条，长度为订单笔数，图例区分渠道拒绝、超时关闭和付款未入账。具体数字见下表。",
                "One bar per reason, its length the number of orders; the legend tells refused, closed and paid-not-credited apart. The table below has the figures."
            ),
            unit: .count,
            bars: report.failures.map { f in
                HorizontalBarChart.Bar(
                    label: reason(f), value: Int64(f.count), note: c.t("\(f.count) 笔", "\(f.count)"), style: Self.style(f.status))
            },
            legend: statuses.map { (name: status($0), style: Self.style($0)) })
        return el("div") {
            el("figure", .class("chart-figure")) { chart.svg }
            el("table", .class("grid compact"), .id("failures-table")) {
                el("caption") { c.t("未成功的充值（按原因）", "Failed top-ups by reason") }
                el("thead") {
                    el("tr") {
                        el("th", Attribute("scope", "col")) { c.t("原因", "Reason") }
                        el("th", Attribute("scope", "col")) { c.t("状态", "Status") }
                        for header in [c.t("笔数", "Orders"), c.t("金额", "Amount")] {
                            el("th", .class("amount"), Attribute("scope", "col")) { header }
                        }
                    }
                }
                el("tbody") {
                    for f in report.failures {
                        el("tr") {
                            el("th", Attribute("scope", "row")) {
                                reason(f)
                                if !f.reason.isEmpty { el("code") { f.reason } }
                            }
                            el("td") { status(f.status) }
                            el("td", .class("amount")) { String(f.count) }
                            el("td", .class("amount")) { f.amount.formatted }
                        }
                    }
                }
            }
        }
    }

    /// A reason as the card office reads it: the bank's refusal codes and the reasons the service
    /// writes are named; anything else is shown as kept.
    private func reason(_ failure: FailedTopUpReason) -> String {
        switch failure.reason {
        case CardError.Code.bankOnlinePaymentDisabled.rawValue: c.t("银行卡未开通网上支付", "Card not enabled for online payment")
        case CardError.Code.bankLimitExceeded.rawValue: c.t("超过银行卡限额", "Over the bank card's limit")
        case CardError.Code.bankInsufficientFunds.rawValue: c.t("银行卡余额不足", "Not enough on the bank card")
        case CardError.Code.bankBlocked.rawValue: c.t("银行拦截", "Blocked by the bank")
        case "expired unpaid": c.t("超时未支付", "Expired unpaid")
        case "channel refused the payment request": c.t("渠道拒绝下单", "Channel refused the order")
        case "purse frozen: the service center pays it out": c.t("卡已冻结，待服务中心退款", "Purse frozen: service center pays out")
        case "": c.t("未注明原因", "No reason given")
        default: failure.reason
        }
    }

    private func status(_ status: TopUpOrderStatus) -> String {
        switch status {
        case .closed: c.t("已关闭", "Closed")
        case .paid: c.t("已付款未入账", "Paid, not credited")
        default: c.t("被拒绝", "Refused")
        }
    }
}
