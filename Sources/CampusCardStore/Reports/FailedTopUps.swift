import CampusCardCore
import Foundation
import SQLKit

/// The top-ups of one school day that ended without money on the card, by what ended them: the
/// order's status and the reason kept with it (a bank's refusal code, `expired unpaid`, …).
public struct FailedTopUpReason: Sendable, Equatable {
    public var status: TopUpOrderStatus
    public var reason: String
    public var count: Int
    public var amount: Money

    public init(status: TopUpOrderStatus, reason: String, count: Int, amount: Money) {
        (self.status, self.reason, self.count, self.amount) = (status, reason, count, amount)
    }
}

/// A school's failed, closed and paid-but-not-credited orders of one school day, by status and
/// reason, most frequent first, in one statement over the (school, day) index.
public struct FailedTopUps: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) {
        self.sql = sql
    }

    public func reasons(schoolID: Int64, on day: LocalDate) async throws -> [FailedTopUpReason] {
        try await sql.raw(
            """
            SELECT status, COALESCE(failure_reason, '') AS reason, CAST(COUNT(*) AS BIGINT) AS orders, CAST(SUM(amount) AS BIGINT) AS amount
            FROM topup_orders
            WHERE school_id = \(bind: schoolID) AND local_day = \(bind: day.description) AND status IN ('failed', 'closed', 'paid')
            GROUP BY status, COALESCE(failure_reason, '')
            ORDER BY orders DESC, status, reason
            """
        ).all().compactMap { row in
            guard let status = TopUpOrderStatus(rawValue: try row.decode(column: "status", as: String.self)) else { return nil }
            return FailedTopUpReason(
                status: status, reason: try row.decode(column: "reason", as: String.self),
                count: Int(try row.decode(column: "orders", as: Int64.self)),
                amount: Money(fen: try row.decode(column: "amount", as: Int64.self)))
        }
    }
}
