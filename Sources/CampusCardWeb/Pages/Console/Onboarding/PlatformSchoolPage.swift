import CampusCardCore
import CampusCardStore

/// `/console/platform/schools/{code}`: one school as the operator sees it: its administrators
/// (another added, a password reset after a confirmation, shown once) and its POS terminals.
public struct PlatformSchoolPage: Sendable {
    public var staff: StaffMember
    public var scope: ConsoleSchoolScope
    public var campuses: [CampusRecord]
    public var administrators: [StaffMember]
    public var terminals: [TerminalEntry]
    public var draft: StaffAccountsPage.Draft
    public var error: CardError?
    public var done: StaffAccountsPage.Done?

    public init(
        staff: StaffMember, scope: ConsoleSchoolScope, campuses: [CampusRecord], administrators: [StaffMember], terminals: [TerminalEntry],
        draft: StaffAccountsPage.Draft = .init(role: .admin), error: CardError? = nil, done: StaffAccountsPage.Done? = nil
    ) {
        (self.staff, self.scope, self.campuses, self.administrators, self.terminals, self.draft, self.error, self.done) = (
            staff, scope, campuses, administrators, terminals, draft, error, done
        )
    }

    public func render(_ c: PageContext) -> String {
        let school = scope.school
        return ConsoleLayout(title: "\(school.name)（\(school.code.rawValue)）", staff: staff).render(c) {
            el("p") { Components.link(c.t("← 返回学校列表", "← Back to the schools"), to: PlatformSchoolsPage.path) }
            if let done { StaffAccountsPage.doneNote(done, c) }
            let field = error?.details["field"].flatMap { StaffAccountsPage.fields.contains($0) ? $0 : nil }
            if let error, field == nil { Components.alert(c.message(error)) }
            el("section", .class("card"), .aria("labelledby", "school")) {
                el("h2", .id("school")) { c.t("学校", "The school") }
                ConsoleFacts.list([
                    .init(term: c.t("代码", "Code"), detail: school.code.rawValue),
                    .init(term: c.t("名称", "Name"), detail: school.name),
                    school.nameEn.isEmpty ? nil : ConsoleFacts.Fact(term: c.t("英文名称", "English name"), detail: school.nameEn),
                    .init(term: c.t("时区", "Time zone"), detail: school.timeZone.identifier),
                    .init(term: c.t("校区", "Campuses"), detail: campuses.map { "\($0.name)（\($0.code.rawValue)）" }.joined(separator: "、")),
                ])
            }
            StaffAccountsPage.table(
                administrators, scope: scope, acts: true, changes: [.password], heading: c.t("管理员", "Administrators"), c)
            StaffAccountsPage.addForm(scope: scope, draft: draft, roles: [.admin], field: field, error.map(c.message), c)
            TerminalsPage.table(terminals, acts: false, c)
        }
    }
}
