import CampusCardCore
import CampusCardStore

/// A password or a terminal's HMAC secret, shown on the answer of the action that made it and on
/// no page after (the database keeps it hashed or sealed), with the warning to copy it now.
public struct ShownOncePage: Sendable {
    public var staff: StaffMember
    public var title: String
    public var facts: [(term: String, detail: String)]
    public var secretLabel: String
    public var secret: String
    public var back: (title: String, path: String)

    public init(
        staff: StaffMember, title: String, facts: [(term: String, detail: String)], secretLabel: String, secret: String,
        back: (title: String, path: String)
    ) {
        (self.staff, self.title, self.facts, self.secretLabel, self.secret, self.back) = (staff, title, facts, secretLabel, secret, back)
    }

    /// A staff account's new password (made or reset).
    public static func password(
        staff: StaffMember, title: String, member: StaffMember, password: String, back: (title: String, path: String), _ c: PageContext
    ) -> ShownOncePage {
        ShownOncePage(
            staff: staff, title: title,
            facts: [
                (c.t("姓名", "Name"), member.displayName), (c.t("用户名", "Username"), member.username),
                (c.t("角色", "Role"), StaffRoleNames.role(member.role, c)),
            ], secretLabel: c.t("密码", "Password"), secret: password, back: back)
    }

    /// A terminal's new secret (made or re-keyed).
    public static func terminal(staff: StaffMember, title: String, terminal: TerminalEntry, secret: String, _ c: PageContext)
        -> ShownOncePage
    {
        ShownOncePage(
            staff: staff, title: title,
            facts: [
                (c.t("终端编号", "Terminal"), terminal.code), (c.t("商户", "Merchant"), "\(terminal.merchantName)（\(terminal.merchantCode)）"),
            ],
            secretLabel: c.t("HMAC 密钥", "HMAC secret"), secret: secret, back: (c.t("返回终端列表", "Back to the terminals"), TerminalsPage.path))
    }

    public func render(_ c: PageContext) -> String {
        ConsoleLayout(title: title, staff: staff).render(c) {
            el("p", .class("note"), .role("status"), .id("done")) { c.t("已办理。", "Done.") }
            el("section", .class("card"), .aria("labelledby", "shown-once")) {
                el("h2", .id("shown-once")) { secretLabel }
                el("p", .class("warning"), .id("once-warning")) {
                    c.t(
                        "只显示这一次：请现在抄下或复制并妥善交给本人。离开本页后任何页面都不再显示，忘记了只能重新生成。",
                        "Shown this once only: copy it now and hand it over safely. No page shows it again once you leave; if it is lost, make a new one."
                    )
                }
                el("p", .class("digits secret"), .id("secret")) { secret }
                ConsoleFacts.list(facts.map { ConsoleFacts.Fact(term: $0.term, detail: $0.detail) })
            }
            Components.link(back.title, to: back.path, class: "secondary")
        }
    }
}
