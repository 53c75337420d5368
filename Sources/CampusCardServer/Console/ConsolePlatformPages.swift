import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardWeb
import Vapor

/// The platform operator's schools (`Onboarding.schools`, `createSchool`, as `/api/v1/platform/schools`):
/// the list, twenty to a page, and opening a school with its first administrator, whose password
/// only the answer shows. A school's own staff get 403 here.
struct ConsolePlatformPages {
    func list(req: Request) async throws -> Response {
        let desk = try await Self.operatorDesk(req)
        return try await Self.page(desk, draft: [:], error: nil, req)
    }

    func create(req: Request) async throws -> Response {
        let desk = try await Self.operatorDesk(req)
        let form = try req.consoleForm(session: desk.token).mapValues { String($0.prefix(2_000)) }
        let new = Onboarding.NewSchool(
            code: form["code"] ?? "", name: form["name"] ?? "", nameEn: form["name_en"] ?? "", timeZone: form["time_zone"] ?? "",
            campuses: PlatformSchoolsPage.campuses(form["campuses"] ?? ""),
            administrator: (form["username"] ?? "", form["display_name"] ?? ""))
        do {
            let (school, administrator) = try await Onboarding(req.services).createSchool(new, by: .staff(desk.staff))
            let context = req.consoleContext(desk)
            // Made with the school (`new.administrator` is never nil here).
            guard let administrator else { return .seeOther(PlatformSchoolsPage.schoolPath(school.code.rawValue), req) }
            let page = ShownOncePage.password(
                staff: desk.staff, title: context.t("学校已开通：\(school.name)", "School opened: \(school.name)"), member: administrator.member,
                password: administrator.password,
                back: (context.t("打开学校的页面", "Open the school's page"), PlatformSchoolsPage.schoolPath(school.code.rawValue)), context)
            return .page(page.render(context), status: .created, req)
        } catch let refused as CardError where [CardError.Code.invalidField, .alreadyExists].contains(refused.code) {
            return try await Self.page(desk, draft: form.filter { $0.key != "_csrf" }, error: refused, req)
        }
    }

    private static func operatorDesk(_ req: Request) async throws -> ConsoleDesk {
        let desk = try await req.consoleDesk()
        try desk.staff.require(.runPlatform)
        return desk
    }

    private static func page(_ desk: ConsoleDesk, draft: [String: String], error: CardError?, _ req: Request) async throws -> Response {
        let onboarding = Onboarding(try req.services)
        let user = ConsoleUser.staff(desk.staff)
        let context = req.consoleContext(desk)
        guard
            let slice = ConsolePaging.slice(
                try await onboarding.schools(for: user), page: req.query[String.self, at: "page"], perPage: PlatformSchoolsPage.perPage)
        else {
            let page = PlatformSchoolsPage(staff: desk.staff, rows: [], draft: draft, error: ConsolePaging.outOfRange)
            return .page(page.render(context), status: .unprocessableEntity, req)
        }
        var rows: [PlatformSchoolsPage.Row] = []
        for school in slice.rows {
            let staff = try await onboarding.staff(of: school, for: user)
            rows.append(
                .init(
                    school: school, campuses: try await onboarding.campuses(of: school, for: user).count,
                    administrators: staff.filter { $0.role == .admin && $0.disabledAt == nil }.count))
        }
        let page = PlatformSchoolsPage(staff: desk.staff, rows: rows, page: slice.page, hasMore: slice.hasMore, draft: draft, error: error)
        return .page(page.render(context), status: error?.code.httpStatus ?? .ok, req)
    }
}
