import CampusCardCore

/// Changing the payment password: the old one, then the new one twice, by the same rules as
/// at binding. Wrong old passwords count toward the card's lock like any other.
public struct ChangePasswordPage: Sendable {
    public var error: CardError?
    public var done: Bool

    public init(error: CardError? = nil, done: Bool = false) {
        (self.error, self.done) = (error, done)
    }

    public func render(_ c: PageContext) -> String {
        let base = c.schoolPath ?? ""
        return PageLayout(title: c.t("修改支付密码", "Change the payment password"), tab: .me).render(c) {
            if done {
                el("p", .class("note"), .role("status")) { c.t("支付密码已修改。", "The payment password is changed.") }
                Components.link(c.t("返回", "Back"), to: "\(base)/me", class: "secondary")
            } else {
                if let error { Components.alert(c.message(error)) }
                PostForm(action: "\(base)/me/payment-password", csrf: c.csrfToken) {
                    Components.field(
                        "old_password", label: c.t("原支付密码", "Current payment password"), type: "password", inputMode: "numeric",
                        autocomplete: "current-password", maxLength: 6)
                    el("p", .class("warning"), .role("note")) {
                        c.t(
                            "新密码为6位数字，不要使用银行卡密码或123456、111111这类简单密码。",
                            "The new password is 6 digits: not a bank card password, nor simple ones like 123456 or 111111.")
                    }
                    Components.field(
                        "new_password", label: c.t("新支付密码", "New payment password"), type: "password", inputMode: "numeric",
                        autocomplete: "new-password", maxLength: 6)
                    Components.field(
                        "new_password_again", label: c.t("再次输入新密码", "New password again"), type: "password", inputMode: "numeric",
                        autocomplete: "new-password", maxLength: 6)
                    Components.submit(c.t("确认修改", "Change it"))
                }.node
                Components.link(c.t("取消", "Cancel"), to: "\(base)/me", class: "secondary")
            }
        }
    }
}
