import CampusCardCore
import CampusCardStore
import Vapor

/// The safety net under the notifications (SPEC: a paid top-up is never lost): asks the channel
/// about orders whose notification is late and credits the paid ones; closes expired orders at
/// the channel first and here after, so a payment cannot slip in between; an expired order the
/// channel says was paid is credited instead. Safe in several processes: crediting and closing
/// are conditional updates.
public struct TopUpReconciler {
    let application: Application

    public init(application: Application) {
        self.application = application
    }

    /// An order is asked about once its notification is this late.
    static let queryAfter: TimeInterval = 5 * 60

    public func run(now: Date) async throws {
        let orders = try TopUpOrders(application.store)
        let transport = GatewayTransport(application: application)
        for order in try await orders.awaitingPayment(since: now.addingTimeInterval(-Self.queryAfter)) {
            guard let channel = try? TopUpFlow.paymentChannel(for: order.provider, application: application, transport: transport) else {
                continue
            }
            if case .paid(let notice) = try await channel.query(order, at: now) { try await credit(notice, now: now) }
        }
        for order in try await orders.expired(at: now) {
            guard let channel = try? TopUpFlow.paymentChannel(for: order.provider, application: application, transport: transport) else {
                try await orders.close(order, reason: "expired unpaid", at: now)
                continue
            }
            if try await channel.close(order, at: now) {
                try await orders.close(order, reason: "expired unpaid", at: now)
            } else if case .paid(let notice) = try await channel.query(order, at: now) {
                try await credit(notice, now: now)
            }
        }
    }

    private func credit(_ notice: PaymentNotice, now: Date) async throws {
        let log = try ChannelNotificationLog(application.store.sql)
        do {
            _ = try await TopUpCrediting(application.store).credit(notice, at: now, logging: "by query")
        } catch let refusal as PaymentNoticeRefusal {
            try await log.record(notice.provider, orderNo: notice.orderNo, outcome: .refused, detail: "query: \(refusal)", at: now)
        }
    }
}
