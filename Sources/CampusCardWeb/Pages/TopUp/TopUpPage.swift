import CampusCardCore
import CampusCardServices
import Foundation

/// Choosing what to top up: the presets with their fee shown before paying, a custom amount in
/// the school's range (checked as typed where JavaScript runs, always by the server), what is
/// left of today's limit, and when the money arrives.
public struct TopUpPage: Sendable {
    public var options: TopUpService.Options
    public var now: Date
    /// A fresh id for this page's "pay": a double tap or a retry gets the same order.
    public var requestID: String
    public var customAmount: String?
    public var error: CardError?
    public var cardUsable: Bool

    public init(
        options: TopUpService.Options, now: Date, requestID: String, customAmount: String? = nil, error: CardError? = nil,
        cardUsable: Bool = true
    ) {
        (self.options, self.now, self.requestID, self.customAmount, self.error, self.cardUsable) = (
            options, now, requestID, customAmount, error, cardUsable
        )
    }

    public func render(_ c: PageContext) -> String {
        let settings = options.settings
        let base = c.schoolPath ?? ""
        let custom = TopUpQuote.arrivalMinutes(.custom, at: now, timeZone: c.timeZone, settings: settings)
        let peak = custom.lowerBound > settings.customArrivalMinutes.lowerBound
        return PageLayout(title: c.t("充值", "Top up"), tab: .topUp).render(c) {
            if let error { Components.alert(c.message(error)) }
            Components.scamWarning(c)
            el("p", .id("left-today")) {
                c.t("今日还可充值 ", "Left to top up today: ") + options.leftToday.formatted
                    + c.t(
                        "（每日限额 \(settings.dailyTopUpLimit.formatted)，当地时间 00:00 恢复）",
                        " (daily limit \(settings.dailyTopUpLimit.formatted), resets at 00:00 local time)")
            }
            if !cardUsable {
                Components.alert(
                    c.t(
                        "此卡当前不能充值（已挂失或冻结），请先到校园卡服务中心处理。",
                        "This card cannot be topped up now (lost or frozen): see the service center first."))
            } else {
                el("h2") { c.t("快速充值", "Quick top-up") }
                el("p", .class("hint")) { options.feeRule }
                PostForm(action: "\(base)/top-up", csrf: c.csrfToken) {
                    void("input", [.type("hidden"), .name("kind"), .value("quick")])
                    void("input", [.type("hidden"), .name("request_id"), .value(requestID + "-q")])
                    el("div", .class("choices")) {
                        for preset in options.presets {
                            el("button", .type("submit"), .name("amount"), .value(preset.amount.yuanString), .class("choice")) {
                                el("strong") { preset.amount.formatted }
                                el("small") {
                                    preset.fee.isPositive
                                        ? c.t(
                                            "手续费 \(preset.fee.formatted)，共付 \(preset.payable.formatted)",
                                            "fee \(preset.fee.formatted), pay \(preset.payable.formatted)")
                                        : c.t("无手续费", "no fee")
                                }
                            }
                        }
                    }
                    el("p", .class("hint")) { c.t("快速充值付款后立即到账。", "Quick top-ups arrive as soon as you pay.") }
                }.node
                el("h2") { c.t("自定义金额", "Custom amount") }
                PostForm(action: "\(base)/top-up", csrf: c.csrfToken) {
                    void("input", [.type("hidden"), .name("kind"), .value("custom")])
                    void("input", [.type("hidden"), .name("request_id"), .value(requestID + "-c")])
                    customField(c)
                    el("p", .class("hint")) {
                        c.t(
                            "自定义金额不收手续费，付款后预计 \(custom.lowerBound)–\(custom.upperBound) 分钟到账。",
                            "No fee on a custom amount; it arrives \(custom.lowerBound)–\(custom.upperBound) minutes after you pay.")
                    }
                    if peak {
                        Components.note(
                            c.t(
                                "现在是充值高峰（\(settings.peakHours.map { String(format: "%02d:00", $0) }.joined(separator: "、"))），到账会比平时慢几分钟，请勿重复充值。",
                                "This is a peak hour (\(settings.peakHours.map { String(format: "%02d:00", $0) }.joined(separator: ", "))): money arrives a few minutes later than usual; do not pay twice."
                            ))
                    }
                    Components.submit(c.t("去支付", "Pay"))
                }.node
            }
            Components.link(c.t("充值订单", "Top-up orders"), to: "\(base)/top-up/orders", class: "secondary")
            Components.link(c.t("自动充值", "Auto top-up"), to: "\(base)/auto-top-up", class: "secondary")
        }
    }

    private func customField(_ c: PageContext) -> Node {
        let s = options.settings
        let range = "\(s.customTopUpMinimum.formatted)–\(s.customTopUpMaximum.formatted)"
        let multiple = s.customTopUpMultiple.map { c.t("，须为 \($0.yuanString) 元的整数倍", ", in multiples of \($0.formatted)") } ?? ""
        return el("div", .class("field")) {
            el("label", .for("amount")) { c.t("金额（元）", "Amount (yuan)") }
            void(
                "input",
                [
                    .id("amount"), .name("amount"), .type("text"), Attribute("inputmode", "decimal"), .required,
                    Attribute("maxlength", "10"),
                    customAmount.map { .value($0) }, .aria("describedby", "amount-hint amount-live"),
                    .data("min-fen", "\(s.customTopUpMinimum.fen)"), .data("max-fen", "\(s.customTopUpMaximum.fen)"),
                    s.customTopUpMultiple.map { .data("multiple-fen", "\($0.fen)") }, .data("left-fen", "\(options.leftToday.fen)"),
                    .data("msg-format", c.t("请输入金额，如 30 或 25.50", "Enter an amount such as 30 or 25.50")),
                    .data("msg-range", c.t("金额应为 \(range)\(multiple)", "The amount is \(range)\(multiple)")),
                    .data("msg-multiple", c.t("金额应为 \(range)\(multiple)", "The amount is \(range)\(multiple)")),
                    .data(
                        "msg-left",
                        c.t("超过今日剩余额度 \(options.leftToday.formatted)", "More than the \(options.leftToday.formatted) left today")),
                ])
            el("p", .class("hint"), .id("amount-hint")) { c.t("可充 \(range)\(multiple)", "From \(range)\(multiple)") }
            el("p", .class("error"), .id("amount-live"), .aria("live", "polite")) { "" }
        }
    }
}
