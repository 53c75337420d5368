import FluentKit
import SQLKit

/// Top-up orders, each cardholder's reserved share of the day's limit, and every notification a
/// channel sent us with what became of it (for reconciliation).
struct CreateTopUpOrders: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(table: "topup_orders")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("order_no", type: .text, .notNull, .unique)
            .column("school_id", type: .bigint, .notNull, .references("schools", "id"))
            .column("cardholder_id", type: .bigint, .notNull, .references("cardholders", "id"))
            .column("purse_account_id", type: .bigint, .notNull)
            .column("provider", type: .text, .notNull)
            .column("kind", type: .text, .notNull)
            .column("amount", type: .bigint, .notNull)
            .column("fee", type: .bigint, .notNull)
            .column("payable", type: .bigint, .notNull)
            .column("status", type: .text, .notNull)
            .column("failure_reason", type: .text)
            .column("channel_trade_no", type: .text)
            .column("request_key", type: .text, .notNull)
            .column("local_day", type: .text, .notNull)
            .column("transfer_id", type: .bigint)
            .column("created_at_ms", type: .bigint, .notNull)
            .column("expires_at_ms", type: .bigint, .notNull)
            .column("updated_at_ms", type: .bigint, .notNull)
            .unique("cardholder_id", "request_key")
            .run()
        try await sql.create(index: "topup_orders_open").on("topup_orders").column("status").column("expires_at_ms").run()
        try await sql.create(index: "topup_orders_cardholder").on("topup_orders").column("cardholder_id").column("id").run()
        try await sql.create(table: "topup_day_usage")
            .column("cardholder_id", type: .bigint, .notNull, .references("cardholders", "id"))
            .column("local_day", type: .text, .notNull)
            .column("reserved", type: .bigint, .notNull)
            .check(SQLRaw("reserved >= 0"), named: "reserved_never_negative")
            .primaryKey("cardholder_id", "local_day")
            .run()
        try await sql.create(table: "channel_notifications")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("provider", type: .text, .notNull)
            .column("order_no", type: .text)
            .column("outcome", type: .text, .notNull)
            .column("detail", type: .text, .notNull)
            .column("at_ms", type: .bigint, .notNull)
            .run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for table in ["channel_notifications", "topup_day_usage", "topup_orders"] { try await sql.drop(table: table).run() }
    }
}
