import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardWeb
import Vapor

/// A school's staff accounts (`Onboarding`, as `/api/v1/console/staff`), under `/console/staff`
/// for its own staff and under the school's page for the operator (the school's page is then the
/// list: its administrators and terminals). Every change is confirmed first; a new or reset
/// password is on the answer only; the service's refusal (the last administrator) is said on the list.
struct ConsoleStaffPages {
    func list(req: Request) async throws -> Response {
        let (desk, scope) = try await req.consoleScope()
        let done = req.query[String.self, at: "done"].flatMap(StaffAccountsPage.Done.init(rawValue:))
        return try await Self.page(desk, scope, done: done, req)
    }

    /// What adding the account does, once its name and role are as the service takes them.
    func confirmAdding(req: Request) async throws -> Response {
        let (desk, scope) = try await req.consoleScope()
        try desk.staff.require(.runSchool, in: scope.school)
        var draft = StaffAccountsPage.Draft(try req.consoleForm(session: desk.token))
        do {
            draft.username = try StaffUsername(entered: draft.username).rawValue
            draft.displayName = try DisplayName(draft.displayName, field: "display_name").text
        } catch {
            return try await Self.page(desk, scope, draft: draft, error: error, req)
        }
        return .page(StaffAccountsPage.confirmAdding(staff: desk.staff, scope: scope, draft: draft, req.consoleContext(desk)), req)
    }

    func add(req: Request) async throws -> Response {
        let (desk, scope) = try await req.consoleScope()
        let draft = StaffAccountsPage.Draft(try req.consoleForm(session: desk.token))
        let context = req.consoleContext(desk)
        do {
            let issued = try await Onboarding(req.services).addStaff(
                username: draft.username, displayName: draft.displayName, role: draft.role, in: scope.school, by: .staff(desk.staff))
            let page = ShownOncePage.password(
                staff: desk.staff, title: context.t("账号已添加", "Account added"), member: issued.member, password: issued.password,
                back: Self.back(scope, context), context)
            return .page(page.render(context), status: .created, req)
        } catch let refused as CardError where [CardError.Code.invalidField, .alreadyExists].contains(refused.code) {
            return try await Self.page(desk, scope, draft: draft, error: refused, req)
        }
    }

    func confirmChange(req: Request) async throws -> Response {
        let (desk, scope) = try await req.consoleScope()
        let change = try Self.change(req)
        // As the terminals': another school's account is a 404 whoever asks.
        let member = try await Self.member(req, desk, scope)
        try desk.staff.require(.runSchool, in: scope.school)
        let role = change == .role ? try StaffRole(schoolRole: req.query[String.self, at: "role"] ?? "") : member.role
        let html = StaffAccountsPage.confirm(
            staff: desk.staff, scope: scope, change: change, member: member, role: role, req.consoleContext(desk))
        return .page(html, req)
    }

    func change(req: Request) async throws -> Response {
        let (desk, scope) = try await req.consoleScope()
        let form = try req.consoleForm(session: desk.token)
        let change = try Self.change(req)
        let username = req.parameters.get("username") ?? ""
        let onboarding = Onboarding(try req.services)
        let context = req.consoleContext(desk)
        do {
            switch change {
            case .role:
                _ = try await onboarding.changeRole(
                    of: username, to: try StaffRole(schoolRole: form["role"] ?? ""), in: scope.school, by: .staff(desk.staff))
                return .seeOther(scope.staffHome + "?done=role", req)
            case .disable:
                _ = try await onboarding.disableStaff(username, in: scope.school, by: .staff(desk.staff))
                return .seeOther(scope.staffHome + "?done=disabled", req)
            case .password:
                let issued = try await onboarding.resetPassword(of: username, in: scope.school, by: .staff(desk.staff))
                let page = ShownOncePage.password(
                    staff: desk.staff, title: context.t("密码已重置", "Password reset"), member: issued.member, password: issued.password,
                    back: Self.back(scope, context), context)
                return .page(page.render(context), req)
            }
        } catch let refused as CardError where refused.code == .lastAdministrator {
            return try await Self.page(desk, scope, error: refused, req)
        }
    }

    private static func back(_ scope: ConsoleSchoolScope, _ c: PageContext) -> (title: String, path: String) {
        scope.isPlatform ? (c.t("返回学校", "Back to the school"), scope.base) : (c.t("返回员工账号", "Back to the staff"), scope.staffPath)
    }

    private static func change(_ req: Request) throws -> StaffChange {
        guard let change = StaffChange(rawValue: req.parameters.get("change") ?? "") else { throw CardError.notFound("page") }
        return change
    }

    /// An active account of the school, else a 404 (another school's is as if it did not exist).
    private static func member(_ req: Request, _ desk: ConsoleDesk, _ scope: ConsoleSchoolScope) async throws -> StaffMember {
        let username = req.parameters.get("username") ?? ""
        guard
            let member = try await Onboarding(req.services).staff(of: scope.school, for: .staff(desk.staff)).first(where: {
                $0.username == username && $0.disabledAt == nil
            })
        else { throw CardError.notFound("staff account") }
        return member
    }

    /// The list with the form (as typed, with its refusal and the refusal's status); for the
    /// operator, the school's page.
    private static func page(
        _ desk: ConsoleDesk, _ scope: ConsoleSchoolScope, draft: StaffAccountsPage.Draft? = nil, error refused: CardError? = nil,
        done: StaffAccountsPage.Done? = nil, _ req: Request
    ) async throws -> Response {
        let onboarding = Onboarding(try req.services)
        let members = try await onboarding.staff(of: scope.school, for: .staff(desk.staff))
        let html: String
        if scope.isPlatform {
            html = PlatformSchoolPage(
                staff: desk.staff, scope: scope, campuses: try await onboarding.campuses(of: scope.school, for: .staff(desk.staff)),
                administrators: members.filter { $0.role == .admin },
                terminals: try await onboarding.terminals(of: scope.school, for: .staff(desk.staff)), draft: draft ?? .init(role: .admin),
                error: refused, done: done
            ).render(req.consoleContext(desk))
        } else {
            html = StaffAccountsPage(staff: desk.staff, scope: scope, members: members, draft: draft ?? .init(), error: refused, done: done)
                .render(req.consoleContext(desk))
        }
        return .page(html, status: refused?.code.httpStatus ?? .ok, req)
    }
}

extension Request {
    /// The school a setup page acts in: the one the operator opened (`/console/platform/schools/{code}/…`;
    /// only the operator goes there), else the signed-in staff member's own.
    func consoleScope() async throws -> (ConsoleDesk, ConsoleSchoolScope) {
        let desk = try await consoleDesk()
        guard let code = parameters.get("school") else {
            let school = try desk.ownSchool()
            try desk.staff.require(.read, in: school)
            return (desk, .own(school))
        }
        try desk.staff.require(.runPlatform)
        return (desk, .platform(try await Onboarding(services).school(code, for: .staff(desk.staff))))
    }
}
