import CampusCardChannels
import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardWeb
import Vapor

/// Refunding a mistaken top-up from the cardholder's profile: choose, confirm, refund, receipt
/// (`TopUpRefundDesk`). A refusal the clerk can correct is shown on the form (422).
struct ConsoleRefundPages {
    func choose(req: Request) async throws -> Response {
        let desk = try await req.consoleDesk()
        let (cardholder, choices) = try await TopUpRefundDesk(req.services).refundable(
            staffNumber: req.parameters.get("staff_number") ?? "", by: desk.staff, school: try desk.ownSchool())
        return Self.form(desk, cardholder, choices, [:], error: nil, req)
    }

    func confirm(req: Request) async throws -> Response {
        let desk = try await req.consoleDesk()
        let form = try req.consoleForm(session: desk.token)
        let refunds = TopUpRefundDesk(try req.services)
        let staffNumber = req.parameters.get("staff_number") ?? ""
        do {
            let checked = try await refunds.check(
                staffNumber: staffNumber, orderNo: form["order"] ?? "", amount: form["amount"] ?? "", reason: form["reason"] ?? "",
                by: desk.staff, school: try desk.ownSchool())
            let stage = RefundTopUpPage.Stage.confirm(
                choice: .init(checked.choice.order), amount: checked.amount, reason: checked.reason,
                requestID: "console-" + RandomNonce.make(length: 24))
            let page = RefundTopUpPage(staff: desk.staff, cardholder: checked.cardholder, stage: stage)
            return .page(page.render(req.consoleContext(desk)), req)
        } catch let refused as CardError where refused.code == .invalidField {
            let (cardholder, choices) = try await refunds.refundable(staffNumber: staffNumber, by: desk.staff, school: try desk.ownSchool())
            return Self.form(desk, cardholder, choices, form, error: refused, req)
        }
    }

    func refund(req: Request) async throws -> Response {
        let desk = try await req.consoleDesk()
        let form = try req.consoleForm(session: desk.token)
        let done = try await TopUpRefundDesk(req.services).refund(
            staffNumber: req.parameters.get("staff_number") ?? "", orderNo: form["order"] ?? "", amount: form["amount"] ?? "",
            reason: form["reason"] ?? "", requestID: form["request_id"] ?? "", by: desk.staff, school: try desk.ownSchool())
        let page = CashReceiptPage(
            staff: desk.staff, cardholder: done.cardholder, kind: .refund(orderNo: form["order"] ?? "", reason: done.reason),
            receipt: done.receipt)
        return .page(page.render(req.consoleContext(desk)), req)
    }

    private static func form(
        _ desk: ConsoleDesk, _ cardholder: CardholderEntry, _ choices: [TopUpRefundDesk.Refundable], _ typed: [String: String],
        error: CardError?, _ req: Request
    ) -> Response {
        let stage = RefundTopUpPage.Stage.choose(
            choices: choices.map { .init($0.order) }, order: typed["order"], amount: typed["amount"] ?? "",
            reason: typed["reason"] ?? "", error: error)
        let page = RefundTopUpPage(staff: desk.staff, cardholder: cardholder, stage: stage)
        return .page(page.render(req.consoleContext(desk)), status: error?.code.httpStatus ?? .ok, req)
    }
}
