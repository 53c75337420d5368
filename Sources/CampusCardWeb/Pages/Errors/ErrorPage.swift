import CampusCardCore

/// What went wrong, in the reader's language, with what to do, and a way back; never a stack
/// trace. 信息不匹配 and a lockout send the cardholder to the service center with its hours.
public struct ErrorPage: Sendable {
    public var error: CardError
    public var serviceCenter: String?
    /// Where "try again" leads.
    public var back: String?

    public init(error: CardError, serviceCenter: String? = nil, back: String? = nil) {
        (self.error, self.serviceCenter, self.back) = (error, serviceCenter, back)
    }

    public func render(_ c: PageContext) -> String {
        let sendsToCounter: Set<CardError.Code> = [
            .infoMismatch, .phoneAccessLocked, .tooManyAttempts, .passportNotRegistered, .cardBoundInChannel,
        ]
        return PageLayout(title: title(c)).render(c) {
            Components.alert(c.message(error))
            if sendsToCounter.contains(error.code), let serviceCenter {
                el("section", .class("card"), .aria("label", c.t("校园卡服务中心", "Service center"))) {
                    el("h2") { c.t("校园卡服务中心", "Campus card service center") }
                    el("p", .id("service-center")) { serviceCenter }
                    el("p", .class("hint")) { c.t("请携带校园卡（留学生携带护照）。", "Bring your campus card (international students: your passport).") }
                }
            }
            if let back { Components.link(c.t("重试", "Try again"), to: back, class: "primary") }
            Components.link(c.t("返回首页", "Home"), to: c.schoolPath ?? "/", class: "secondary")
        }
    }

    private func title(_ c: PageContext) -> String {
        switch error.code {
        case .infoMismatch: c.t("信息不匹配", "The information does not match")
        case .phoneAccessLocked, .tooManyAttempts, .signInLocked: c.t("暂时锁定", "Locked for now")
        case .tooManyRequests: c.t("请稍后再试", "Try again later")
        case .notFound: c.t("找不到页面", "Not found")
        case .unauthorized: c.t("请重新登录", "Please sign in again")
        default: c.t("未能完成", "Not done")
        }
    }
}
