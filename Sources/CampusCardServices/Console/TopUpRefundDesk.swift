import CampusCardCore
import CampusCardStore
import Foundation

/// Refunding a mistaken top-up at the counter: the clerk picks one of the cardholder's credited
/// top-ups (never types an order number) and refunds at most what of it is not refunded yet, in
/// cash, through `ServiceCenterDesk` (one audited transfer; a repeated request id replays it).
public struct TopUpRefundDesk: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    /// A credited top-up with something left to refund.
    public struct Refundable: Sendable {
        public var order: TopUpOrder
        public var left: Money { order.amount - order.refunded }
    }

    /// The cardholder and their latest credited top-ups that can still be refunded, newest first.
    /// Auto-debits are not among them: they go back to the bank card (`AutoTopUpService.refund`).
    public func refundable(staffNumber: String, by staff: StaffMember, school: SchoolRecord) async throws -> (
        CardholderEntry, [Refundable]
    ) {
        try staff.require(.serveCardholders, in: school)
        let cardholder = try await CardholderLookup(context).cardholder(staffNumber: staffNumber, school: school)
        let orders = try await TopUpOrders(context.store).orders(of: cardholder.id, limit: 50)
        return (
            cardholder, orders.filter { $0.status == .credited && $0.kind != .auto && $0.refunded < $0.amount }.map(Refundable.init(order:))
        )
    }

    /// What the clerk asked for, checked: the order is one of the list, the amount exact yuan,
    /// more than nothing and at most what is left of it, a reason given.
    public struct Request: Sendable {
        public var cardholder: CardholderEntry
        public var choice: Refundable
        public var amount: Money
        public var reason: String
    }

    public func check(
        staffNumber: String, orderNo: String, amount text: String, reason: String, by staff: StaffMember, school: SchoolRecord
    ) async throws -> Request {
        let (cardholder, choices) = try await refundable(staffNumber: staffNumber, by: staff, school: school)
        guard let choice = choices.first(where: { $0.order.orderNo == orderNo }) else {
            throw CardError.invalidField("order", zh: "请从列表中选择一笔可退的充值", en: "choose a top-up from the list")
        }
        let (amount, reason) = try Self.amountAndReason(text, reason, atMost: choice.left)
        return Request(cardholder: cardholder, choice: choice, amount: amount, reason: reason)
    }

    /// Refunds it in cash through the API's `ServiceCenterDesk`: the purse goes down by the
    /// amount, the order records it. What is left of the order is checked again in the refund's
    /// own transaction (two clerks at once cannot both take it), and a repeated `requestID`
    /// answers with the first refund's receipt. Answers the reason as recorded.
    public func refund(
        staffNumber: String, orderNo: String, amount text: String, reason: String, requestID: String, by staff: StaffMember,
        school: SchoolRecord
    ) async throws -> (cardholder: CardholderEntry, receipt: TransferReceipt, reason: String) {
        try staff.require(.serveCardholders, in: school)
        let cardholder = try await CardholderLookup(context).cardholder(staffNumber: staffNumber, school: school)
        let (amount, reason) = try Self.amountAndReason(text, reason, atMost: nil)
        guard let card = cardholder.cardNumber else { throw CardError.notFound("card") }
        let (_, receipt) = try await ServiceCenterDesk(context).refundMistakenTopUp(
            card: card, amountFen: amount.fen, originalOrder: orderNo, reason: reason, requestID: requestID, by: staff, school: school)
        return (cardholder, receipt, reason)
    }

    static func amountAndReason(_ text: String, _ reason: String, atMost left: Money?) throws -> (Money, String) {
        let amount = try CounterDesk.amount(text, atMost: left, zh: "退款金额")
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(reason.count), !CardholderLookup.hasControlCharacters(reason) else {
            throw CardError.invalidField("reason", zh: "请写明退款原因（200字以内）", en: "give the reason (at most 200 characters)")
        }
        return (amount, reason)
    }
}
