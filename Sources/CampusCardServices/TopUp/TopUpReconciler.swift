import CampusCardCore
import CampusCardStore
import Foundation

/// The safety net under the notifications (SPEC: a paid top-up is never lost): asks the channel
/// about orders whose notification is late (`ServiceContext.topUpQueryDelay`) and credits the paid ones; closes expired orders at
/// the channel first and here after, so a payment cannot slip in between; an expired order the
/// channel says was paid is credited instead. Safe in several processes: crediting and closing
/// are conditional updates. One order the channel cannot answer about is tried again later
/// (`TopUpOrders.queryFailed`) and never holds up the orders after it.
public struct TopUpReconciler: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    public func run() async throws {
        let now = context.now
        let orders = TopUpOrders(context.store)
        for order in try await orders.awaitingPayment(since: now.addingTimeInterval(-context.topUpQueryDelay), now: now) {
            try await ask(about: order)
        }
        for order in try await orders.expired(at: now) {
            guard let channel = try? context.paymentChannel(for: order.provider) else {
                try await orders.close(order, reason: "expired unpaid", at: now)
                continue
            }
            try await askingChannel(about: order) {
                if try await channel.close(order, at: now) {
                    try await orders.close(order, reason: "expired unpaid", at: now)
                } else if case .paid(let notice) = try await channel.query(order, at: now) {
                    try await credit(notice)
                }
            }
        }
    }

    /// Asks the order's channel whether it was paid, and credits it if so.
    func ask(about order: TopUpOrder) async throws {
        guard let channel = try? context.paymentChannel(for: order.provider) else { return }
        try await askingChannel(about: order) {
            if case .paid(let notice) = try await channel.query(order, at: context.now) { try await credit(notice) }
        }
    }

    /// Runs one order's exchange with its channel; whatever fails there (the channel, its answer,
    /// this order's crediting) puts the order off and is logged, and the pass goes on. Only the
    /// database going away ends the pass.
    private func askingChannel(about order: TopUpOrder, _ exchange: () async throws -> Void) async throws {
        do {
            try await exchange()
        } catch let error where !StoreDatabase.isUnavailable(error) {
            let wait = try await TopUpOrders(context.store).queryFailed(order, at: context.now)
            context.logger.warning(
                "channel query failed; asking again later",
                metadata: [
                    "order": "\(order.orderNo)", "provider": "\(order.provider.rawValue)", "retry_in_s": "\(Int(wait))",
                    "reason": "\(error)",
                ])
        }
    }

    private func credit(_ notice: PaymentNotice) async throws {
        do {
            _ = try await TopUpCrediting(context.store).credit(notice, at: context.now, logging: "by query")
        } catch let refusal as PaymentNoticeRefusal {
            try await ChannelNotificationLog(context.store.sql).record(
                notice.provider, orderNo: notice.orderNo, outcome: .refused, detail: "query: \(refusal)", at: context.now)
        }
    }
}
