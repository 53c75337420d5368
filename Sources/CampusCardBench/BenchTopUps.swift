import CampusCardCore
import CampusCardStore
import Foundation
import SQLKit

extension BenchLoader {
    public struct PendingTopUp: Sendable {
        public var orderNo: String
        public var payable: Money
    }

    /// Opens `count` quick top-up orders awaiting the channel's notification, one per cardholder
    /// taken in turn from each bench school, with their share of the day's limit reserved as
    /// `TopUpOrders.create` would: the state a lunch hour of Alipay payments leaves behind.
    public func pendingTopUps(count: Int, provider: PaymentProvider, amount: Money, at now: Date) async throws -> [PendingTopUp] {
        let run = "bench-\(now.epochMilliseconds)"
        let day = LocalDate(now, in: TimeZone(identifier: "Asia/Shanghai")!).description
        // The bench's schools keep the default settings.
        let expires = now.addingTimeInterval(TimeInterval(SchoolSettings.defaults.unpaidOrderExpiryMinutes * 60)).epochMilliseconds
        try await db.transaction { sql in
            try await sql.raw(
                """
                INSERT INTO topup_orders (order_no, school_id, cardholder_id, purse_account_id, provider, kind, amount, fee, payable, status,
                    request_key, local_day, created_at_ms, expires_at_ms, updated_at_ms)
                SELECT \(bind: "B\(now.epochMilliseconds)-") || CAST(id AS TEXT), school_id, id, purse_account_id, \(bind: provider.rawValue),
                    \(bind: TopUpKind.quick.rawValue), \(bind: amount.fen), 0, \(bind: amount.fen), \(bind: TopUpOrderStatus.awaitingPayment.rawValue),
                    \(bind: run), \(bind: day), \(bind: now.epochMilliseconds), \(bind: expires), \(bind: now.epochMilliseconds)
                FROM (
                    SELECT c.id, c.school_id, c.purse_account_id, ROW_NUMBER() OVER (PARTITION BY c.school_id ORDER BY c.id) AS turn
                    FROM cardholders c JOIN schools s ON s.id = c.school_id WHERE s.code LIKE 'BENCH%'
                ) AS spread
                ORDER BY turn, school_id LIMIT \(unsafeRaw: String(count))
                """
            ).run()
            // `WHERE true` lets SQLite tell the upsert's ON CONFLICT from a join's ON.
            try await sql.raw(
                """
                INSERT INTO topup_day_usage (cardholder_id, local_day, reserved)
                SELECT cardholder_id, local_day, amount FROM topup_orders WHERE request_key = \(bind: run)
                ON CONFLICT (cardholder_id, local_day) DO UPDATE SET reserved = topup_day_usage.reserved + excluded.reserved
                """
            ).run()
        }
        return try await db.sql.raw("SELECT order_no, payable FROM topup_orders WHERE request_key = \(bind: run) ORDER BY id").all().map {
            PendingTopUp(
                orderNo: try $0.decode(column: "order_no", as: String.self),
                payable: Money(fen: try $0.decode(column: "payable", as: Int64.self)))
        }
    }
}
