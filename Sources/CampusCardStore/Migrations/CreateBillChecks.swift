import FluentKit
import SQLKit

/// The T+1 bill checks: one row per school, channel and day (the claim that lets one process
/// of several do it, and its outcome), and the differences found, one per kind and order.
struct CreateBillChecks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(table: "bill_checks")
            .column("school_id", type: .bigint, .notNull)
            .column("provider", type: .text, .notNull)
            .column("local_day", type: .text, .notNull)
            .column("state", type: .text, .notNull)
            .column("attempts", type: .bigint, .notNull)
            .column("claimed_at_ms", type: .bigint, .notNull)
            .column("retry_at_ms", type: .bigint)
            .column("finished_at_ms", type: .bigint)
            .column("error", type: .text)
            .column("payments", type: .bigint, .notNull)
            .column("payments_fen", type: .bigint, .notNull)
            .column("refunds", type: .bigint, .notNull)
            .column("refunds_fen", type: .bigint, .notNull)
            .column("fees_fen", type: .bigint, .notNull)
            .primaryKey("school_id", "provider", "local_day")
            .run()
        try await sql.create(table: "bill_differences")
            .column("school_id", type: .bigint, .notNull)
            .column("provider", type: .text, .notNull)
            .column("local_day", type: .text, .notNull)
            .column("kind", type: .text, .notNull)
            .column("order_no", type: .text, .notNull)
            .column("ours_fen", type: .bigint)
            .column("channel_fen", type: .bigint)
            .column("action", type: .text, .notNull)
            .column("recorded_at_ms", type: .bigint, .notNull)
            .primaryKey("school_id", "provider", "local_day", "kind", "order_no")
            .run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(table: "bill_differences").run()
        try await sql.drop(table: "bill_checks").run()
    }
}
