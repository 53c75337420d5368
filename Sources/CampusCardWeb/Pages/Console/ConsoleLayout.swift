import CampusCardStore

/// The frame of every console page: the cardholder pages' layout at a desk's width, with the
/// signed-in staff member, their role and a sign-out button in the top bar.
public struct ConsoleLayout: Sendable {
    public static let home = "/console"
    public static let signIn = "/console/sign-in"
    public static let signOut = "/console/sign-out"
    public static let language = "/console/language"

    public var title: String
    /// nil before signing in.
    public var staff: StaffMember?
    /// Reload the page after this many seconds when the browser runs no script (a page the
    /// script keeps up to date itself, as an import's progress).
    public var noScriptRefreshSeconds: Int?

    public init(title: String, staff: StaffMember?) {
        (self.title, self.staff) = (title, staff)
    }

    public func render(_ c: PageContext, @NodeBuilder content: () -> Node) -> String {
        var layout = PageLayout(title: title)
        layout.desk = true
        layout.noScriptRefreshSeconds = noScriptRefreshSeconds
        if let staff { layout.bar = bar(staff, c) }
        return layout.render(c, content: content)
    }

    private func bar(_ staff: StaffMember, _ c: PageContext) -> Node {
        el("div", .class("staff")) {
            el("nav", .class("console-nav"), .aria("label", c.t("管理台", "Console"))) {
                for (title, path) in Self.links(staff, c) {
                    el("a", attributes: [.href(path), c.path == path ? .aria("current", "page") : nil]) { title }
                }
            }
            el("span", .id("signed-in")) { staff.displayName + " · " + StaffRoleNames.role(staff.role, c) }
            PostForm(action: Self.signOut, csrf: c.csrfToken, class: "sign-out") {
                el("button", .type("submit")) { c.t("退出", "Sign out") }
            }.node
        }
    }

    /// The pages this role opens: the operator's schools; a school's setup pages for its staff.
    static func links(_ staff: StaffMember, _ c: PageContext) -> [(String, String)] {
        guard staff.schoolID != nil else { return [(c.t("首页", "Home"), home), (PlatformSchoolsPage.title(c), PlatformSchoolsPage.path)] }
        // The roster import is offered to those who may import (an auditor may still read its list at its address).
        let roster = staff.role.may(.serveCardholders) ? [(RosterImportPage.title(c), RosterImportPage.path)] : []
        return [(c.t("首页", "Home"), home), (DashboardPage.title(c), DashboardPage.path)] + roster + [
            (StaffAccountsPage.title(c), StaffAccountsPage.path), (MerchantsPage.title(c), MerchantsPage.path),
            (TerminalsPage.title(c), TerminalsPage.path), (CampusesPage.title(c), CampusesPage.path),
        ]
    }
}
