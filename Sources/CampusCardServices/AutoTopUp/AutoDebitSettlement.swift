import CampusCardCore
import CampusCardStore
import Foundation

/// What the bank said about an auto-debit or its refund, acted on once: the one door for the
/// bank's notification, the debit's own answer and the upkeep's query alike. A paid debit is
/// credited through `TopUpCrediting`, as every top-up is; a refused one fails its order (giving
/// the day's limit back), counts toward pausing the agreement and tells the cardholder at once.
public struct AutoDebitSettlement: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    /// UnionPay's "no such transaction" (34) soon after a request may only mean the request has
    /// not reached it yet: a debit or refund is taken as never sent only this long after it was,
    /// and asked about again until then. Taken sooner, a debit tried again could take the money
    /// twice, and a refund failed could pay it back twice.
    static let unseenFor: TimeInterval = 60 * 60

    /// The bank says auto-debit `order` has `outcome`. `logging`: how the answer came (logged with the credit).
    public func debit(_ order: TopUpOrder, outcome: AutoDebitOutcome, logging detail: String? = nil) async throws {
        guard order.kind == .auto else { throw PaymentNoticeRefusal.unknownOrder }
        let school = try await Self.school(order.schoolID, context)
        switch outcome {
        case .succeeded(let notice):
            _ = try await TopUpCrediting(context.store, batcher: context.creditBatcher).credit(notice, at: context.now, logging: detail)
            _ = try await AutoTopUpDebits(context.store).succeeded(orderNo: order.orderNo, timeZone: school.timeZone, at: context.now)
        case .processing:
            return
        case .failed(let code, let reason):
            try await fail(order, code: code, reason: reason, school: school)
        case .unknown:
            guard context.now.timeIntervalSince(order.createdAt) >= Self.unseenFor else { return }
            // The bank never had it: nothing was taken, and the debit is tried again on schedule.
            try await fail(order, code: nil, reason: .other, school: school)
        }
    }

    private func fail(_ order: TopUpOrder, code: String?, reason: AutoDebitReason, school: SchoolRecord) async throws {
        // Only an order still waiting fails: a refusal after the money was credited (a late,
        // contradicting answer) changes nothing.
        guard
            try await TopUpOrders(context.store).fail(
                order, reason: [code, reason.rawValue].compactMap { $0 }.joined(separator: " "), at: context.now)
        else { return }
        _ = try await AutoTopUpDebits(context.store).failed(
            orderNo: order.orderNo, code: code, reason: reason, terms: AutoTopUpTerms(settings: school.settings, timeZone: school.timeZone),
            at: context.now)
    }

    /// The bank says refund `refundNo` has `outcome`: final answers settle it once.
    public func refund(refundNo: String, outcome: AutoDebitOutcome) async throws {
        let refunds = AutoTopUpRefunds(context.store)
        guard let refund = try await refunds.refund(number: refundNo),
            let order = try await TopUpOrders(context.store).order(number: refund.orderNo)
        else { throw PaymentNoticeRefusal.unknownOrder }
        let school = try await Self.school(order.schoolID, context)
        switch outcome {
        case .succeeded:
            try await refunds.settle(refundNo: refundNo, succeeded: true, bankCode: nil, timeZone: school.timeZone, at: context.now)
        case .processing:
            return
        case .failed(let code, _):
            try await refunds.settle(refundNo: refundNo, succeeded: false, bankCode: code, timeZone: school.timeZone, at: context.now)
        case .unknown:
            guard context.now.timeIntervalSince(refund.at) >= Self.unseenFor else { return }
            try await refunds.settle(refundNo: refundNo, succeeded: false, bankCode: nil, timeZone: school.timeZone, at: context.now)
        }
    }

    static func school(_ id: Int64, _ context: ServiceContext) async throws -> SchoolRecord {
        guard let school = try await SchoolStore(context.store.sql).find(id: id) else { throw CardError.ledgerInconsistent("school \(id)") }
        return school
    }
}
