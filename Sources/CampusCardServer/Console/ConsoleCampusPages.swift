import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardWeb
import Vapor

/// The school's campuses (`Onboarding.addCampus`, `renameCampus`, as `/api/v1/console/campuses`):
/// a rename keeps the code, so every cardholder stays on the campus.
struct ConsoleCampusPages {
    func list(req: Request) async throws -> Response {
        let (desk, scope) = try await req.consoleScope()
        let done = req.query[String.self, at: "done"].flatMap(CampusesPage.Done.init(rawValue:))
        return try await Self.page(desk, scope.school, done: done, req)
    }

    func add(req: Request) async throws -> Response {
        let (desk, scope) = try await req.consoleScope()
        let form = try req.consoleForm(session: desk.token).mapValues { String($0.prefix(64)) }
        do {
            try await Onboarding(req.services).addCampus(
                code: form["campus_code"] ?? "", name: form["campus_name"] ?? "", to: scope.school, by: .staff(desk.staff))
            return .seeOther(CampusesPage.path + "?done=added", req)
        } catch let refused as CardError where [CardError.Code.invalidField, .alreadyExists].contains(refused.code) {
            return try await Self.page(desk, scope.school, draft: form, error: refused, req)
        }
    }

    func rename(req: Request) async throws -> Response {
        let (desk, scope) = try await req.consoleScope()
        let form = try req.consoleForm(session: desk.token)
        let code = req.parameters.get("code") ?? ""
        do {
            try await Onboarding(req.services).renameCampus(
                code: code, to: String((form["campus_name"] ?? "").prefix(64)), in: scope.school, by: .staff(desk.staff))
            return .seeOther(CampusesPage.path + "?done=renamed", req)
        } catch let refused as CardError where refused.code == .invalidField {
            return try await Self.page(desk, scope.school, draft: ["rename": code], error: refused, req)
        }
    }

    private static func page(
        _ desk: ConsoleDesk, _ school: SchoolRecord, draft: [String: String] = [:], error: CardError? = nil, done: CampusesPage.Done? = nil,
        _ req: Request
    ) async throws -> Response {
        let campuses = try await Onboarding(req.services).campuses(of: school, for: .staff(desk.staff))
        let page = CampusesPage(staff: desk.staff, campuses: campuses, draft: draft, error: error, done: done)
        return .page(page.render(req.consoleContext(desk)), status: error?.code.httpStatus ?? .ok, req)
    }
}
