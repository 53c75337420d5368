import CampusCardCore
import CampusCardServices
import CampusCardWeb
import Vapor

/// The counter's one-step actions from a cardholder's profile (`CounterDesk`): a page that says
/// what will happen, then the action, then back to the profile, which says it was done.
struct ConsoleCounterPages {
    func confirm(req: Request) async throws -> Response {
        let desk = try await req.consoleDesk()
        let action = try Self.action(req)
        let cardholder = try await CounterDesk(req.services).cardholder(
            staffNumber: req.parameters.get("staff_number") ?? "", by: desk.staff, school: try desk.ownSchool())
        let page = CounterActionPage(staff: desk.staff, cardholder: cardholder, action: action)
        return .page(page.render(req.consoleContext(desk)), req)
    }

    func perform(req: Request) async throws -> Response {
        let desk = try await req.consoleDesk()
        _ = try req.consoleForm(session: desk.token)
        let action = try Self.action(req)
        let cardholder = try await CounterDesk(req.services).perform(
            action, staffNumber: req.parameters.get("staff_number") ?? "", by: desk.staff, school: try desk.ownSchool())
        return .seeOther(CounterDone(action).profilePath(cardholder.staffNumber), req)
    }

    private static func action(_ req: Request) throws -> CounterAction {
        guard let action = CounterAction(rawValue: req.parameters.get("action") ?? "") else { throw CardError.notFound("page") }
        return action
    }
}
