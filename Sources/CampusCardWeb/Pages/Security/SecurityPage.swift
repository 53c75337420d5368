import CampusCardCore
import CampusCardStore
import Foundation

/// "我的": the payment password, the phones that may use the card, reporting the card lost,
/// what to be told about, and signing out.
public struct SecurityPage: Sendable {
    public var name: String
    public var staffNumber: String
    public var card: CardNumber?
    public var cardStatus: CardStatus?
    public var devices: [BoundDevice]
    public var thisDevice: String
    public var preferences: NoticeInbox.Preferences
    /// A confirmation after an action ("已移除", "已保存").
    public var done: String?
    public var error: CardError?

    public init(
        name: String, staffNumber: String, card: CardNumber?, cardStatus: CardStatus?, devices: [BoundDevice], thisDevice: String,
        preferences: NoticeInbox.Preferences, done: String? = nil, error: CardError? = nil
    ) {
        (self.name, self.staffNumber, self.card, self.cardStatus, self.devices, self.thisDevice) = (
            name, staffNumber, card, cardStatus, devices, thisDevice
        )
        (self.preferences, self.done, self.error) = (preferences, done, error)
    }

    public func render(_ c: PageContext) -> String {
        let base = c.schoolPath ?? ""
        return PageLayout(title: c.t("我的", "Me"), tab: .me).render(c) {
            if let done { el("p", .class("note"), .role("status")) { done } }
            if let error { Components.alert(c.message(error)) }
            el("section", .class("card")) {
                el("dl") {
                    el("dt") { c.t("姓名", "Name") }
                    el("dd") { name }
                    el("dt") { c.t("学工号", "Number") }
                    el("dd") { staffNumber }
                    if let card {
                        el("dt") { c.t("卡号", "Card") }
                        el("dd") { card.rawValue }
                    }
                }
            }
            el("h2") { c.t("支付密码", "Payment password") }
            Components.link(c.t("修改支付密码", "Change the payment password"), to: "\(base)/me/payment-password", class: "secondary")
            el("h2") { c.t("已登录的手机", "Phones") }
            devicesList(base, c)
            el("h2") { c.t("通知设置", "Notices") }
            preferencesForm(base, c)
            Components.link(c.t("通知消息", "Notice inbox"), to: "\(base)/notices", class: "secondary")
            el("h2") { c.t("挂失", "Report lost") }
            if cardStatus == .active {
                PostForm(action: "\(base)/me/lost", csrf: c.csrfToken) {
                    el("p") {
                        c.t(
                            "挂失后所有终端立即拒绝此卡，余额保留。找回后须到校园卡服务中心解挂。",
                            "Once reported, every terminal refuses the card at once; the balance stays. Finding it again is done at the service center."
                        )
                    }
                    el("label", .class("choice")) {
                        void("input", [.type("checkbox"), .name("confirm"), .value("yes"), .required])
                        c.t("我确认挂失卡号 \(card?.rawValue ?? "")", "I confirm: report card \(card?.rawValue ?? "") lost")
                    }
                    el("button", .type("submit"), .class("danger")) { c.t("立即挂失", "Report lost now") }
                }.node
            } else {
                Components.note(c.t("此卡当前不是正常状态，无需挂失。", "This card is not active: nothing to report."))
            }
            PostForm(action: "\(base)/sign-out", csrf: c.csrfToken) {
                Components.submit(c.t("退出登录", "Sign out"), class: "secondary")
            }.node
        }
    }

    private func devicesList(_ base: String, _ c: PageContext) -> Node {
        let active = devices.filter { $0.revokedAt == nil }
        return el("ul", .class("records")) {
            for device in active {
                el("li") {
                    el("span") {
                        el("strong") { device.device.rawValue == thisDevice ? c.t("本机", "This phone") : c.t("其他手机", "Another phone") }
                        " · " + String(device.device.rawValue.suffix(6))
                    }
                    el("span", .class("after")) {
                        device.verifiedAt.map { c.t("验证于 ", "verified ") + c.date($0) } ?? c.t("未验证", "not verified")
                    }
                    if device.device.rawValue != thisDevice {
                        PostForm(action: "\(base)/me/devices/remove", csrf: c.csrfToken) {
                            void("input", [.type("hidden"), .name("device"), .value(device.device.rawValue)])
                            Components.submit(c.t("移除此手机", "Remove this phone"), class: "secondary")
                        }.node
                    }
                }
            }
        }
    }

    private func preferencesForm(_ base: String, _ c: PageContext) -> Node {
        PostForm(action: "\(base)/me/notices", csrf: c.csrfToken) {
            Components.field(
                "large_spend", label: c.t("单笔消费达到此金额时提醒（元，可不填）", "Tell me of a spend of at least (yuan, optional)"),
                value: preferences.largeSpend?.yuanString, inputMode: "decimal", maxLength: 10, required: false)
            Components.field(
                "low_balance", label: c.t("余额低于此金额时提醒（元，不填用学校默认）", "Tell me when the balance falls below (yuan; empty: the school's)"),
                value: preferences.lowBalance?.yuanString, inputMode: "decimal", maxLength: 10, required: false)
            Components.submit(c.t("保存", "Save"), class: "secondary")
        }.node
    }
}
