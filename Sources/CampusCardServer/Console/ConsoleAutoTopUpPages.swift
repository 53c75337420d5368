import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardWeb
import Vapor

/// A cardholder's auto top-up at the service center, and refunding a debit inside its window
/// (`AutoTopUpDesk`); a refusal is shown on the page with the API's status.
struct ConsoleAutoTopUpPages {
    func show(req: Request) async throws -> Response {
        try await render(req, try await req.consoleDesk())
    }

    func refund(req: Request) async throws -> Response {
        let desk = try await req.consoleDesk()
        let form = try req.consoleForm(session: desk.token)
        let c = req.consoleContext(desk)
        do {
            // One box per debit on the page, named after its order.
            guard form["confirm-\(form["order_no"] ?? "")"] == "yes" else {
                throw CardError.invalidField("confirm", zh: "请勾选确认后再退款", en: "tick the confirmation first")
            }
            let refund = try await AutoTopUpDesk(req.services).refund(
                staffNumber: req.parameters.get("staff_number") ?? "", orderNo: form["order_no"] ?? "", by: desk.staff,
                school: try desk.ownSchool())
            return try await render(
                req, desk,
                done: c.t(
                    "已退款 \(refund.amount.formatted)（\(refund.status.rawValue)）",
                    "Refunded \(refund.amount.formatted) (\(refund.status.rawValue))"))
        } catch let error as CardError where error.code != .internalError && error.code != .ledgerInconsistent && error.code != .forbidden {
            return try await render(req, desk, error: error)
        }
    }

    private func render(_ req: Request, _ desk: ConsoleDesk, done: String? = nil, error: CardError? = nil) async throws -> Response {
        let (cardholder, overview) = try await AutoTopUpDesk(req.services).overview(
            staffNumber: req.parameters.get("staff_number") ?? "", by: desk.staff, school: try desk.ownSchool())
        let page = AutoTopUpDeskPage(staff: desk.staff, cardholder: cardholder, overview: overview, done: done, error: error)
        return .page(page.render(req.consoleContext(desk)), status: error.map { $0.code.httpStatus } ?? .ok, req)
    }
}
