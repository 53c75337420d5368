import CampusCardCore
import Foundation
import SQLKit

/// Every notification a channel sent and what we did with it: credited, a duplicate, ignored,
/// refused (forged, wrong amount, unknown order). Refusals are the reconciliation report's
/// differences.
public struct ChannelNotificationLog: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) {
        self.sql = sql
    }

    public enum Outcome: String, Sendable {
        case credited, duplicate, ignored, refused, held
    }

    public func record(_ provider: PaymentProvider, orderNo: String?, outcome: Outcome, detail: String, at: Date) async throws {
        try await sql.raw(
            """
            INSERT INTO channel_notifications (provider, order_no, outcome, detail, at_ms)
            VALUES (\(bind: provider.rawValue), \(bind: orderNo.map { String($0.prefix(64)) }), \(bind: outcome.rawValue), \(bind: Self.clipped(detail: detail)), \(bind: at.epochMilliseconds))
            """
        ).run()
    }

    /// What is kept of a detail: enough to read, never a whole forged body.
    static func clipped(detail: String) -> String { String(detail.prefix(500)) }

    /// Notifications refused between `from` and `until`, for one school's orders or for none
    /// we could name (forged ones carry no order we trust).
    public func refusals(_ provider: PaymentProvider, schoolID: Int64, from: Date, until: Date) async throws -> [(
        orderNo: String?, detail: String
    )] {
        try await sql.raw(
            """
            SELECT n.order_no, n.detail FROM channel_notifications n LEFT JOIN topup_orders o ON o.order_no = n.order_no
            WHERE n.provider = \(bind: provider.rawValue) AND n.outcome = 'refused' AND n.at_ms >= \(bind: from.epochMilliseconds)
              AND n.at_ms < \(bind: until.epochMilliseconds) AND (o.school_id = \(bind: schoolID) OR o.id IS NULL)
            ORDER BY n.id
            """
        ).all().map { (try $0.decode(column: "order_no", as: String?.self), try $0.decode(column: "detail", as: String.self)) }
    }
}
