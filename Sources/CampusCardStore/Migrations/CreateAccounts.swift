import FluentKit
import SQLKit

/// The ledger's accounts. A purse keeps its running balance here, changed only by a conditional
/// update in the transaction that records the transfer; a hot account keeps here only what has
/// been rolled up from its entries.
struct CreateAccounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(table: "accounts")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("school_id", type: .bigint, .notNull, .references("schools", "id"))
            .column("kind", type: .text, .notNull)
            .column("label", type: .text, .notNull)
            .column("balance", type: .bigint, .notNull, .default(0))
            .column("status", type: .text, .notNull, .default("active"))
            .column("created_at_ms", type: .bigint, .notNull)
            .check(SQLRaw("kind <> 'purse' OR balance >= 0"), named: "purse_never_negative")
            .run()
        try await sql.create(index: "accounts_school_kind").on("accounts").column("school_id").column("kind").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(table: "accounts").run()
    }
}
