import CampusCardCore
import CampusCardStore

/// The console's first page after signing in: who is signed in, for which school, and what their
/// role lets them do (decided by `StaffRole.may`, the same check every action makes).
public struct ConsoleHomePage: Sendable {
    public var staff: StaffMember
    /// nil for the platform's operator, who belongs to no school.
    public var schoolName: String?

    public init(staff: StaffMember, schoolName: String?) {
        (self.staff, self.schoolName) = (staff, schoolName)
    }

    public func render(_ c: PageContext) -> String {
        ConsoleLayout(title: c.t("校园卡管理台", "Card office console"), staff: staff).render(c) {
            // The operator has no school's roster to search.
            if schoolName != nil, staff.role.may(.read) {
                ConsoleSearchPage.form(query: "", c)
                el("nav", .class("actions"), .aria("label", c.t("名单", "Lists"))) {
                    Components.link(GraduatesPage.title(c), to: GraduatesPage.path(.within30Days), class: "secondary")
                    if staff.role.may(.serveCardholders) {
                        Components.link(RosterImportPage.title(c), to: RosterImportPage.path, class: "secondary")
                    }
                }
                el("nav", .class("actions"), .aria("label", c.t("学校", "The school"))) {
                    for (title, path) in schoolPages(c) { Components.link(title, to: path, class: "secondary") }
                }
            }
            if schoolName == nil, staff.role.may(.runPlatform) {
                el("nav", .class("actions"), .aria("label", c.t("平台", "The platform"))) {
                    Components.link(PlatformSchoolsPage.title(c), to: PlatformSchoolsPage.path, class: "secondary")
                }
            }
            el("section", .class("card"), .aria("labelledby", "who")) {
                el("h2", .id("who")) { c.t("当前账号", "Signed in") }
                ConsoleFacts.list([
                    .init(term: c.t("姓名", "Name"), detail: staff.displayName),
                    .init(term: c.t("用户名", "Username"), detail: staff.username),
                    .init(
                        term: c.t("学校", "School"),
                        detail: schoolName ?? c.t("全平台（不属于任何学校）", "The whole platform (no school of its own)"), id: "school"),
                    .init(term: c.t("角色", "Role"), detail: StaffRoleNames.role(staff.role, c), id: "role"),
                ])
            }
            el("section", .class("card"), .aria("labelledby", "may")) {
                el("h2", .id("may")) { c.t("本角色可以", "This role may") }
                el("ul", .id("allowed")) {
                    for action in StaffAction.allCases where staff.role.may(action) {
                        el("li") { StaffRoleNames.action(action, c) }
                    }
                }
            }
        }
    }

    /// The school's pages this role opens, each as its action's check allows.
    private func schoolPages(_ c: PageContext) -> [(String, String)] {
        [
            (DashboardPage.title(c), DashboardPage.path),
            (NoticeBoardPage.title(.maintenanceWindow, c), NoticeBoardPage.path(.maintenanceWindow)),
            (NoticeBoardPage.title(.announcement, c), NoticeBoardPage.path(.announcement)),
            (SchoolSettingsPage.title(c), SchoolSettingsPage.path),
            (ReconciliationPage.title(c), ReconciliationPage.path),
            (MerchantTakingsPage.title(c), MerchantTakingsPage.path),
        ]
    }
}
