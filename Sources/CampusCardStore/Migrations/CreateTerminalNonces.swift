import FluentKit
import SQLKit

/// Every nonce a terminal used inside the freshness window, so an exact request is refused the
/// second time; older rows are purged, their timestamps would be refused anyway.
struct CreateTerminalNonces: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(table: "terminal_nonces")
            .column("terminal_id", type: .bigint, .notNull, .references("terminals", "id"))
            .column("nonce", type: .text, .notNull)
            .column("at_ms", type: .bigint, .notNull)
            .primaryKey("terminal_id", "nonce")
            .run()
        try await sql.create(index: "terminal_nonces_at").on("terminal_nonces").column("at_ms").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(table: "terminal_nonces").run()
    }
}
