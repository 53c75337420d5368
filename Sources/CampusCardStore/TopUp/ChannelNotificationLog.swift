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
            VALUES (\(bind: provider.rawValue), \(bind: orderNo.map { String($0.prefix(64)) }), \(bind: outcome.rawValue), \(bind: String(detail.prefix(500))), \(bind: at.epochMilliseconds))
            """
        ).run()
    }
}
