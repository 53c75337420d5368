import FluentKit
import SQLKit

/// Phone payment codes: short-lived, charged once (the terminal and transaction that used one
/// are kept, so that terminal's retry is answered as the first time); and what a cardholder set
/// for their notice inbox.
struct CreatePaymentCodes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(table: "payment_codes")
            .column("code", type: .text, .primaryKey(autoIncrement: false))
            .column("school_id", type: .bigint, .notNull, .references("schools", "id"))
            .column("cardholder_id", type: .bigint, .notNull, .references("cardholders", "id"))
            .column("expires_at_ms", type: .bigint, .notNull)
            .column("used_by_terminal_id", type: .bigint)
            .column("used_transaction_id", type: .text)
            .column("used_at_ms", type: .bigint)
            .column("created_at_ms", type: .bigint, .notNull)
            .run()
        try await sql.create(index: "payment_codes_expiry").on("payment_codes").column("expires_at_ms").run()
        try await sql.create(table: "notice_preferences")
            .column("cardholder_id", type: .bigint, .primaryKey(autoIncrement: false), .references("cardholders", "id"))
            .column("large_spend_fen", type: .bigint)
            .column("low_balance_fen", type: .bigint)
            .column("read_up_to_ms", type: .bigint)
            .run()
        try await sql.create(table: "cardholder_notices")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("cardholder_id", type: .bigint, .notNull, .references("cardholders", "id"))
            .column("kind", type: .text, .notNull)
            .column("dedupe_key", type: .text, .notNull)
            .column("title", type: .text, .notNull)
            .column("body", type: .text, .notNull)
            .column("at_ms", type: .bigint, .notNull)
            .unique("cardholder_id", "kind", "dedupe_key")
            .run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for table in ["cardholder_notices", "notice_preferences", "payment_codes"] { try await sql.drop(table: table).run() }
    }
}
