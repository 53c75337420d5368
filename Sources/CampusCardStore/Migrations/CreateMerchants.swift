import FluentKit
import SQLKit

/// Canteens and shops, and the POS terminals that charge cards for them. A terminal's HMAC secret
/// is stored sealed with the server's master key, never in clear.
struct CreateMerchants: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(table: "merchants")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("school_id", type: .bigint, .notNull, .references("schools", "id"))
            .column("campus_id", type: .bigint, .references("campuses", "id"))
            .column("code", type: .text, .notNull)
            .column("name", type: .text, .notNull)
            .column("account_id", type: .bigint, .notNull, .references("accounts", "id"))
            .unique("school_id", "code")
            .run()
        try await sql.create(table: "terminals")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("school_id", type: .bigint, .notNull, .references("schools", "id"))
            .column("merchant_id", type: .bigint, .notNull, .references("merchants", "id"))
            .column("code", type: .text, .notNull, .unique)
            .column("sealed_secret", type: .text, .notNull)
            .column("status", type: .text, .notNull, .default("active"))
            .column("created_at_ms", type: .bigint, .notNull)
            .run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(table: "terminals").run()
        try await sql.drop(table: "merchants").run()
    }
}
