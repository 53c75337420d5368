import CampusCardCore

/// `/console`: a staff member signs in with their username and password. A refusal says only
/// that the two do not match, never which of them was wrong.
public struct ConsoleSignInPage: Sendable {
    /// Kept after a refusal, so only the password is typed again.
    public var username: String
    public var error: CardError?

    /// The refusal of a wrong username or password: the API's `unauthorized`, said for this form
    /// (the API's words are about a session that ended).
    public static let refused = CardError(
        .unauthorized, zh: "用户名或密码不正确，请重新输入。", en: "The username and password do not match. Please try again.")

    public init(username: String = "", error: CardError? = nil) {
        (self.username, self.error) = (username, error)
    }

    public func render(_ c: PageContext) -> String {
        ConsoleLayout(title: c.t("校园卡管理台登录", "Card office sign-in"), staff: nil).render(c) {
            el("section", .class("card sign-in")) {
                if let error { Components.alert(c.message(error)) }
                PostForm(action: ConsoleLayout.signIn, csrf: c.csrfToken) {
                    Components.field("username", label: c.t("用户名", "Username"), value: username, autocomplete: "username", maxLength: 64)
                    Components.field(
                        "password", label: c.t("密码", "Password"), type: "password", autocomplete: "current-password", maxLength: 128)
                    Components.submit(c.t("登录", "Sign in"))
                }.node
                Components.note(
                    c.t(
                        "仅供学校信息化办公室、校园卡服务中心与审计人员使用。忘记密码请联系本校管理员重置。",
                        "For the school's administrators, service-center clerks and auditors. Forgot your password? Ask your school's administrator to reset it."
                    ), class: "hint")
            }
        }
    }
}
