import CampusCardChannels
import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardWeb
import Vapor

/// Paying out a leaver from the cardholder's profile: the amount, its confirmation, the payout
/// (`LeaverPayoutDesk`) and the receipt. An amount the clerk can correct is refused on the form.
struct ConsolePayoutPages {
    func form(req: Request) async throws -> Response {
        let desk = try await req.consoleDesk()
        let cardholder = try await CounterDesk(req.services).cardholder(
            staffNumber: req.parameters.get("staff_number") ?? "", by: desk.staff, school: try desk.ownSchool())
        return Self.page(desk, cardholder, .form(amount: nil, error: nil), req)
    }

    func confirm(req: Request) async throws -> Response {
        let desk = try await req.consoleDesk()
        let form = try req.consoleForm(session: desk.token)
        let payouts = LeaverPayoutDesk(try req.services)
        let staffNumber = req.parameters.get("staff_number") ?? ""
        do {
            let (cardholder, amount) = try await payouts.check(
                staffNumber: staffNumber, amount: form["amount"] ?? "", by: desk.staff, school: try desk.ownSchool())
            return Self.page(desk, cardholder, .confirm(amount: amount, requestID: "console-" + RandomNonce.make(length: 24)), req)
        } catch let refused as CardError where refused.code == .invalidField {
            let cardholder = try await CounterDesk(req.services).cardholder(
                staffNumber: staffNumber, by: desk.staff, school: try desk.ownSchool())
            let stage = PayoutPage.Stage.form(amount: String((form["amount"] ?? "").prefix(12)), error: refused)
            return Self.page(desk, cardholder, stage, status: refused.code.httpStatus, req)
        }
    }

    func payOut(req: Request) async throws -> Response {
        let desk = try await req.consoleDesk()
        let form = try req.consoleForm(session: desk.token)
        let done = try await LeaverPayoutDesk(req.services).payOut(
            staffNumber: req.parameters.get("staff_number") ?? "", amount: form["amount"] ?? "", requestID: form["request_id"] ?? "",
            by: desk.staff, school: try desk.ownSchool())
        let page = CashReceiptPage(staff: desk.staff, cardholder: done.cardholder, kind: .payout, receipt: done.receipt)
        return .page(page.render(req.consoleContext(desk)), req)
    }

    private static func page(
        _ desk: ConsoleDesk, _ cardholder: CardholderEntry, _ stage: PayoutPage.Stage, status: HTTPStatus = .ok, _ req: Request
    ) -> Response {
        .page(PayoutPage(staff: desk.staff, cardholder: cardholder, stage: stage).render(req.consoleContext(desk)), status: status, req)
    }
}
