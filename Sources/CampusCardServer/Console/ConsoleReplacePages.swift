import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardWeb
import Vapor

/// Replacing a card from the cardholder's profile: the new number, its confirmation, then the
/// replacement (`CardReplacementDesk`) and back to the profile, which says it was done. A number
/// the clerk can correct is refused on the form.
struct ConsoleReplacePages {
    func form(req: Request) async throws -> Response {
        let desk = try await req.consoleDesk()
        let cardholder = try await CounterDesk(req.services).cardholder(
            staffNumber: req.parameters.get("staff_number") ?? "", by: desk.staff, school: try desk.ownSchool())
        return Self.page(desk, cardholder, .form(newNumber: "", error: nil), req)
    }

    func confirm(req: Request) async throws -> Response {
        let desk = try await req.consoleDesk()
        let form = try req.consoleForm(session: desk.token)
        let replacements = CardReplacementDesk(try req.services)
        let staffNumber = req.parameters.get("staff_number") ?? ""
        let typed = form["new_card_number"] ?? ""
        do {
            let (cardholder, new) = try await replacements.check(
                staffNumber: staffNumber, newNumber: typed, by: desk.staff, school: try desk.ownSchool())
            return Self.page(desk, cardholder, .confirm(newNumber: new.rawValue), req)
        } catch let refused as CardError where [.invalidField, .cardNumberTaken, .cardStateConflict].contains(refused.code) {
            let cardholder = try await CounterDesk(req.services).cardholder(
                staffNumber: staffNumber, by: desk.staff, school: try desk.ownSchool())
            return Self.page(
                desk, cardholder, .form(newNumber: String(typed.prefix(40)), error: refused), status: refused.code.httpStatus, req)
        }
    }

    func replace(req: Request) async throws -> Response {
        let desk = try await req.consoleDesk()
        let form = try req.consoleForm(session: desk.token)
        let (cardholder, _) = try await CardReplacementDesk(req.services).replace(
            staffNumber: req.parameters.get("staff_number") ?? "", newNumber: form["new_card_number"] ?? "", by: desk.staff,
            school: try desk.ownSchool())
        return .seeOther(CounterDone.replaceCard.profilePath(cardholder.staffNumber), req)
    }

    private static func page(
        _ desk: ConsoleDesk, _ cardholder: CardholderEntry, _ stage: ReplaceCardPage.Stage, status: HTTPStatus = .ok, _ req: Request
    ) -> Response {
        .page(
            ReplaceCardPage(staff: desk.staff, cardholder: cardholder, stage: stage).render(req.consoleContext(desk)), status: status, req)
    }
}
