import FluentKit
import SQLKit

/// The first refusal of a terminal's transaction id (insufficient balance, a stopped or unknown
/// card), kept so a retry with that id is answered as the first time and never charged later;
/// the upkeep forgets it after a day.
struct CreateSpendRefusals: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(table: "spend_refusals")
            .column("terminal_id", type: .bigint, .notNull, .references("terminals", "id"))
            .column("transaction_id", type: .text, .notNull)
            .column("card_number", type: .text, .notNull)
            .column("amount", type: .bigint, .notNull)
            .column("code", type: .text, .notNull)
            .column("message_zh", type: .text, .notNull)
            .column("message_en", type: .text, .notNull)
            .column("details", type: .text, .notNull)
            .column("at_ms", type: .bigint, .notNull)
            .primaryKey("terminal_id", "transaction_id")
            .run()
        try await sql.create(index: "spend_refusals_at").on("spend_refusals").column("at_ms").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(table: "spend_refusals").run()
    }
}
