import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardWeb
import Vapor

/// Correcting roster data from the cardholder's profile: the form of one kind (name and campus,
/// or a passport), its confirmation, then the correction (`RosterCorrectionDesk`) and back to the
/// profile, which says it was done. What the clerk can correct is refused on the form.
struct ConsoleRosterPages {
    func form(req: Request) async throws -> Response {
        let desk = try await req.consoleDesk()
        let kind = try Self.kind(req)
        let cardholder = try await CounterDesk(req.services).cardholder(
            staffNumber: req.parameters.get("staff_number") ?? "", by: desk.staff, school: try desk.ownSchool())
        return try await Self.page(desk, cardholder, kind, .form(typed: [:], error: nil), req)
    }

    func confirm(req: Request) async throws -> Response {
        let desk = try await req.consoleDesk()
        let form = try req.consoleForm(session: desk.token)
        let kind = try Self.kind(req)
        let staffNumber = req.parameters.get("staff_number") ?? ""
        do {
            let (cardholder, correction) = try await RosterCorrectionDesk(req.services).check(
                Self.typed(form), staffNumber: staffNumber, by: desk.staff, school: try desk.ownSchool())
            let changes = [
                "name": correction.name?.rawValue, "campus": correction.campus?.rawValue, "passport": correction.passport?.rawValue,
            ].compactMapValues { $0 }
            return try await Self.page(desk, cardholder, kind, .confirm(changes: changes), req)
        } catch let refused as CardError where RosterCorrectionPage.shows(refused, kind) {
            let cardholder = try await CounterDesk(req.services).cardholder(
                staffNumber: staffNumber, by: desk.staff, school: try desk.ownSchool())
            let typed = form.filter { $0.key != "_csrf" }.mapValues { String($0.prefix(40)) }
            return try await Self.page(desk, cardholder, kind, .form(typed: typed, error: refused), status: refused.code.httpStatus, req)
        }
    }

    func correct(req: Request) async throws -> Response {
        let desk = try await req.consoleDesk()
        let form = try req.consoleForm(session: desk.token)
        let kind = try Self.kind(req)
        let cardholder = try await RosterCorrectionDesk(req.services).correct(
            Self.typed(form), staffNumber: req.parameters.get("staff_number") ?? "", by: desk.staff, school: try desk.ownSchool())
        let done: CounterDone =
            switch kind {
            case .details: .correctRoster
            case .passport: .registerPassport
            }
        return .seeOther(done.profilePath(cardholder.staffNumber), req)
    }

    private static func typed(_ form: [String: String]) -> RosterCorrectionDesk.Typed {
        .init(name: form["name"], campus: form["campus"], passport: form["passport"])
    }

    private static func kind(_ req: Request) throws -> RosterCorrectionPage.Kind {
        guard let kind = RosterCorrectionPage.Kind(rawValue: req.parameters.get("kind") ?? "") else { throw CardError.notFound("page") }
        return kind
    }

    private static func page(
        _ desk: ConsoleDesk, _ cardholder: CardholderEntry, _ kind: RosterCorrectionPage.Kind, _ stage: RosterCorrectionPage.Stage,
        status: HTTPStatus = .ok, _ req: Request
    ) async throws -> Response {
        let campuses = try await RosterCorrectionDesk(req.services).campuses(by: desk.staff, school: try desk.ownSchool())
        let page = RosterCorrectionPage(
            staff: desk.staff, cardholder: cardholder, kind: kind, stage: stage,
            campuses: campuses.map { .init(code: $0.code.rawValue, name: $0.name) })
        return .page(page.render(req.consoleContext(desk)), status: status, req)
    }
}
