import FluentKit
import SQLKit

/// The roster and the cards. The national ID is never stored: only a keyed hash of the initial
/// password derived from it.
struct CreateCardholders: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(table: "cardholders")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("school_id", type: .bigint, .notNull, .references("schools", "id"))
            .column("campus_id", type: .bigint, .references("campuses", "id"))
            .column("staff_number", type: .text, .notNull)
            .column("name", type: .text, .notNull)
            .column("kind", type: .text, .notNull)
            .column("initial_secret_hash", type: .text)
            .column("passport", type: .text)
            .column("leave_date", type: .text)
            .column("status", type: .text, .notNull, .default("active"))
            .column("purse_account_id", type: .bigint, .notNull, .references("accounts", "id"))
            .column("created_at_ms", type: .bigint, .notNull)
            .column("updated_at_ms", type: .bigint, .notNull)
            .unique("school_id", "staff_number")
            .run()
        try await sql.create(table: "cards")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("school_id", type: .bigint, .notNull, .references("schools", "id"))
            .column("card_number", type: .text, .notNull)
            .column("cardholder_id", type: .bigint, .notNull, .references("cardholders", "id"))
            .column("purse_account_id", type: .bigint, .notNull, .references("accounts", "id"))
            .column("status", type: .text, .notNull, .default("active"))
            .column("issued_at_ms", type: .bigint, .notNull)
            .unique("school_id", "card_number")
            .run()
        try await sql.create(index: "cards_cardholder").on("cards").column("cardholder_id").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(table: "cards").run()
        try await sql.drop(table: "cardholders").run()
    }
}
