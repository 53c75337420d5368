import CampusCardCore
import CampusCardStore

/// `/console/staff`: the school's staff accounts, read by all its staff; an administrator adds
/// one (administrator, clerk or auditor; the password is shown once), changes a role, resets a
/// password or disables an account, each after a confirmation that says what it does. The service
/// keeps the last administrator (`last_administrator`), said on this page.
public struct StaffAccountsPage: Sendable {
    /// What the form holds, as typed.
    public struct Draft: Sendable {
        public var username = ""
        public var displayName = ""
        public var role = StaffRole.clerk

        public init(username: String = "", displayName: String = "", role: StaffRole = .clerk) {
            (self.username, self.displayName, self.role) = (username, displayName, role)
        }

        public init(_ form: [String: String]) {
            self.init(
                username: String((form["username"] ?? "").prefix(64)), displayName: String((form["display_name"] ?? "").prefix(64)),
                role: StaffRole(rawValue: form["role"] ?? "").flatMap { StaffRole.schoolRoles.contains($0) ? $0 : nil } ?? .clerk)
        }

        var hidden: [(name: String, value: String)] {
            [("username", username), ("display_name", displayName), ("role", role.rawValue)]
        }
    }

    public enum Done: String, Sendable {
        case role
        case disabled
    }

    static let fields: Set = ["username", "display_name"]

    public var staff: StaffMember
    public var scope: ConsoleSchoolScope
    public var members: [StaffMember]
    public var draft: Draft
    public var error: CardError?
    public var done: Done?

    public init(
        staff: StaffMember, scope: ConsoleSchoolScope, members: [StaffMember], draft: Draft = Draft(), error: CardError? = nil,
        done: Done? = nil
    ) {
        (self.staff, self.scope, self.members, self.draft, self.error, self.done) = (staff, scope, members, draft, error, done)
    }

    public static let path = "/console/staff"

    static func title(_ c: PageContext) -> String { c.t("员工账号", "Staff accounts") }

    public func render(_ c: PageContext) -> String {
        ConsoleLayout(title: Self.title(c), staff: staff).render(c) {
            if let done { Self.doneNote(done, c) }
            let field = error?.details["field"].flatMap { Self.fields.contains($0) ? $0 : nil }
            if let error, field == nil { Components.alert(c.message(error)) }
            Self.table(members, scope: scope, acts: staff.role.may(.runSchool), c)
            if staff.role.may(.runSchool) {
                Self.addForm(scope: scope, draft: draft, roles: StaffRole.schoolRoles, field: field, error.map(c.message), c)
            }
        }
    }

    static func doneNote(_ done: Done, _ c: PageContext) -> Node {
        el("p", .class("note"), .role("status"), .id("done")) {
            done == .role ? c.t("角色已更改。", "The role is changed.") : c.t("账号已停用。", "The account is disabled.")
        }
    }

    /// The accounts, each with what an administrator may do to it.
    static func table(
        _ members: [StaffMember], scope: ConsoleSchoolScope, acts: Bool, changes: [StaffChange] = StaffChange.allCases,
        heading: String? = nil,
        _ c: PageContext
    )
        -> Node
    {
        el("section", .aria("labelledby", "accounts")) {
            el("h2", .id("accounts")) { heading ?? c.t("账号", "Accounts") }
            if members.isEmpty { Components.empty(c.t("还没有账号。", "No accounts yet.")) }
            el("table", .class("grid")) {
                ConsoleGrid.head([c.t("姓名", "Name"), c.t("用户名", "Username"), c.t("角色", "Role"), c.t("状态", "Status")], actions: acts, c)
                el("tbody") {
                    for member in members {
                        el("tr", .id("staff-\(member.username)")) {
                            el("td") { member.displayName }
                            el("td") { member.username }
                            el("td") { StaffRoleNames.role(member.role, c) }
                            el("td") { member.disabledAt == nil ? c.t("在用", "Active") : c.t("已停用", "Disabled") }
                            if acts {
                                el("td") {
                                    if member.disabledAt == nil { actions(member, scope: scope, changes: changes, c) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// A role change chooses the role first (a GET: it changes nothing until confirmed).
    private static func actions(_ member: StaffMember, scope: ConsoleSchoolScope, changes: [StaffChange], _ c: PageContext) -> Node {
        el("div", .class("row-actions")) {
            if changes.contains(.role) {
                el("form", Attribute("method", "get"), Attribute("action", scope.staffPath(member.username, .role))) {
                    roleSelect(
                        id: "role-\(member.username)", selected: member.role,
                        label: c.t("\(member.displayName)的新角色", "New role of \(member.displayName)"), c)
                    el("button", .type("submit"), .class("link")) { c.t("改角色", "Change role") }
                }
            }
            if changes.contains(.password) {
                Components.link(c.t("重置密码", "Reset password"), to: scope.staffPath(member.username, .password))
            }
            if changes.contains(.disable) { Components.link(c.t("停用", "Disable"), to: scope.staffPath(member.username, .disable)) }
        }
    }

    /// `label`: its name where no `<label>` shows (a row of the table).
    static func roleSelect(id: String, selected: StaffRole, label: String? = nil, _ c: PageContext) -> Node {
        el("select", attributes: [.id(id), .name("role"), label.map { .aria("label", $0) }]) {
            for role in StaffRole.schoolRoles {
                el("option", attributes: [.value(role.rawValue), role == selected ? .selected : nil]) { StaffRoleNames.role(role, c) }
            }
        }
    }

    /// The form that adds an account; `roles` of one: that role, not chosen (the operator adds administrators).
    static func addForm(
        scope: ConsoleSchoolScope, draft: Draft, roles: [StaffRole], field: String?, _ message: String?, _ c: PageContext
    ) -> Node {
        let error = { (name: String) in field == name ? message : nil }
        return el("section", .class("card"), .aria("labelledby", "add-staff")) {
            el("h2", .id("add-staff")) {
                roles == [.admin] ? c.t("添加管理员", "Add an administrator") : c.t("添加账号", "Add an account")
            }
            PostForm(action: scope.staffPath + "/confirm", csrf: c.csrfToken) {
                Components.field(
                    "username", label: c.t("用户名", "Username"), value: draft.username,
                    hint: c.t("3–32 位小写字母、数字或 . - _，以字母开头；登录用", "3–32 lower-case letters, digits or . - _; to sign in"),
                    error: error("username"), maxLength: 32)
                Components.field(
                    "display_name", label: c.t("姓名", "Name"), value: draft.displayName, error: error("display_name"), maxLength: 64)
                if roles.count == 1 {
                    void("input", [.type("hidden"), .name("role"), .value(roles[0].rawValue)])
                } else {
                    el("div", .class("field")) {
                        el("label", .for("role")) { c.t("角色", "Role") }
                        roleSelect(id: "role", selected: draft.role, c)
                    }
                }
                el("p", .class("hint")) {
                    c.t("系统生成密码，只在下一页显示一次。", "The system makes the password and shows it once, on the next page.")
                }
                Components.submit(c.t("下一步：核对", "Next: check"))
            }.node
        }
    }

    /// The confirmation before adding `draft`.
    public static func confirmAdding(staff: StaffMember, scope: ConsoleSchoolScope, draft: Draft, _ c: PageContext) -> String {
        ConsoleLayout(title: c.t("添加账号", "Add an account"), staff: staff).render(c) {
            CounterSteps.confirm(
                .init(
                    consequence: c.t(
                        "将为\(scope.school.name)添加\(StaffRoleNames.role(draft.role, c))账号“\(draft.username)”，系统生成的密码只在下一页显示一次。此操作记入审计日志。",
                        "A \(StaffRoleNames.role(draft.role, c)) account \u{201C}\(draft.username)\u{201D} will be added to \(scope.school.name); its password is shown once, on the next page. It is recorded in the audit log."
                    ),
                    facts: [
                        .init(term: c.t("姓名", "Name"), detail: draft.displayName),
                        .init(term: c.t("用户名", "Username"), detail: draft.username, id: "confirm-username"),
                        .init(term: c.t("角色", "Role"), detail: StaffRoleNames.role(draft.role, c), id: "confirm-role"),
                    ],
                    action: scope.staffPath, hidden: draft.hidden, button: c.t("确认添加", "Add the account"),
                    back: (c.t("返回修改", "Change"), scope.staffHome)), c)
        }
    }

    /// The confirmation before `change` to `member` (`role`: the role it gets).
    public static func confirm(
        staff: StaffMember, scope: ConsoleSchoolScope, change: StaffChange, member: StaffMember, role: StaffRole, _ c: PageContext
    ) -> String {
        let who = "\(member.displayName)（\(member.username)）"
        let (title, consequence, button): (String, String, String) =
            switch change {
            case .role:
                (
                    c.t("更改角色", "Change the role"),
                    c.t(
                        "将把\(who)的角色由\(StaffRoleNames.role(member.role, c))改为\(StaffRoleNames.role(role, c))，权限立即随之改变。此操作记入审计日志。",
                        "\(member.displayName) (\(member.username)) will be \(StaffRoleNames.role(role, c)) instead of \(StaffRoleNames.role(member.role, c)); what they may do changes at once. It is recorded in the audit log."
                    ), c.t("确认更改", "Change the role")
                )
            case .password:
                (
                    c.t("重置密码", "Reset the password"),
                    c.t(
                        "将为\(who)生成新密码（只在下一页显示一次），旧密码立即失效，该账号在各处的登录都会退出。此操作记入审计日志。",
                        "\(member.displayName) (\(member.username)) gets a new password, shown once on the next page; the old one stops working and they are signed out everywhere. It is recorded in the audit log."
                    ), c.t("确认重置", "Reset the password")
                )
            case .disable:
                (
                    c.t("停用账号", "Disable the account"),
                    c.t(
                        "将停用\(who)：不能再登录，各处的登录立即退出；账号保留在审计记录中，不能恢复。此操作记入审计日志。",
                        "\(member.displayName) (\(member.username)) will be disabled: they cannot sign in any more and are signed out everywhere at once; the account stays in the audit trail and cannot be enabled again. It is recorded in the audit log."
                    ), c.t("确认停用", "Disable the account")
                )
            }
        return ConsoleLayout(title: title, staff: staff).render(c) {
            CounterSteps.confirm(
                .init(
                    consequence: consequence,
                    facts: [
                        .init(term: c.t("姓名", "Name"), detail: member.displayName),
                        .init(term: c.t("用户名", "Username"), detail: member.username),
                        .init(term: c.t("角色", "Role"), detail: StaffRoleNames.role(member.role, c)),
                        change == .role
                            ? ConsoleFacts.Fact(term: c.t("新角色", "New role"), detail: StaffRoleNames.role(role, c), id: "new-role") : nil,
                    ],
                    action: scope.staffPath(member.username, change), hidden: change == .role ? [("role", role.rawValue)] : [],
                    button: button, back: (c.t("不办理，返回", "Leave it, go back"), scope.staffHome)), c)
        }
    }
}
