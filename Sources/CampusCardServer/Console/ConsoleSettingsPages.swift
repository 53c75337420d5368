import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardWeb
import Vapor

/// The school's settings (as `/api/v1/console/settings`): every staff member of the school reads
/// them; an administrator edits them, checks the changes and saves (`StaffConsole.update`,
/// audited as `settings_changed`). A value the rules refuse is said on its field (422).
struct ConsoleSettingsPages {
    func show(req: Request) async throws -> Response {
        let (desk, school) = try await Self.school(req)
        let saved = req.query[String.self, at: "done"] == "saved"
        return Self.page(desk, school, .form(values: SchoolSettingsForm.values(school.settings), error: nil, saved: saved), req)
    }

    func confirm(req: Request) async throws -> Response {
        let (desk, school) = try await Self.school(req)
        try desk.staff.require(.runSchool, in: school)
        let form = try req.consoleForm(session: desk.token)
        do {
            let settings = try SchoolSettingsForm.settings(form, current: school.settings)
            guard let stage = SchoolSettingsPage.confirm(from: school.settings, to: settings) else {
                throw SchoolSettingsPage.unchanged
            }
            return Self.page(desk, school, stage, req)
        } catch let refused as CardError where refused.code == .invalidField {
            let typed = SchoolSettingsForm.values(school.settings).merging(form) { _, typed in String(typed.prefix(200)) }
            return Self.page(desk, school, .form(values: typed, error: refused, saved: false), status: .unprocessableEntity, req)
        }
    }

    func save(req: Request) async throws -> Response {
        let (desk, school) = try await Self.school(req)
        let form = try req.consoleForm(session: desk.token)
        try desk.staff.require(.runSchool, in: school)
        let settings = try SchoolSettingsForm.settings(form, current: school.settings)
        try await StaffConsole(req.services).update(settings, of: school, by: desk.staff)
        return .seeOther(SchoolSettingsPage.path + "?done=saved", req)
    }

    private static func school(_ req: Request) async throws -> (ConsoleDesk, SchoolRecord) {
        let desk = try await req.consoleDesk()
        let school = try desk.ownSchool()
        try desk.staff.require(.read, in: school)
        return (desk, school)
    }

    private static func page(
        _ desk: ConsoleDesk, _ school: SchoolRecord, _ stage: SchoolSettingsPage.Stage, status: HTTPStatus = .ok, _ req: Request
    ) -> Response {
        let page = SchoolSettingsPage(staff: desk.staff, settings: school.settings, stage: stage)
        return .page(page.render(req.consoleContext(desk)), status: status, req)
    }
}
