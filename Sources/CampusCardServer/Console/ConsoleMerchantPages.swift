import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardWeb
import Vapor

/// The school's canteens and shops (`Onboarding.merchants`, `addMerchant`, as `/api/v1/console/merchants`).
struct ConsoleMerchantPages {
    func list(req: Request) async throws -> Response {
        let (desk, scope) = try await req.consoleScope()
        return try await Self.page(desk, scope.school, added: req.query[String.self, at: "done"] == "added", req)
    }

    func add(req: Request) async throws -> Response {
        let (desk, scope) = try await req.consoleScope()
        let form = try req.consoleForm(session: desk.token).mapValues { String($0.prefix(64)) }
        do {
            _ = try await Onboarding(req.services).addMerchant(
                code: form["merchant_code"] ?? "", name: form["name"] ?? "", campus: form["campus_code"], in: scope.school,
                by: .staff(desk.staff))
            return .seeOther(MerchantsPage.path + "?done=added", req)
        } catch let refused as CardError where [CardError.Code.invalidField, .alreadyExists, .unknownCampus].contains(refused.code) {
            return try await Self.page(desk, scope.school, draft: form, error: refused, req)
        }
    }

    private static func page(
        _ desk: ConsoleDesk, _ school: SchoolRecord, draft: [String: String] = [:], error: CardError? = nil, added: Bool = false,
        _ req: Request
    ) async throws -> Response {
        let onboarding = Onboarding(try req.services)
        let page = MerchantsPage(
            staff: desk.staff, merchants: try await onboarding.merchants(of: school, for: .staff(desk.staff)),
            campuses: try await onboarding.campuses(of: school, for: .staff(desk.staff)), draft: draft, error: error, added: added)
        return .page(page.render(req.consoleContext(desk)), status: error?.code.httpStatus ?? .ok, req)
    }
}
