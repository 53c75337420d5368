import FluentKit
import SQLKit

/// Service-center clerks and administrators, their sessions, and the log of what they changed.
/// A session is stored by the hash of its token, so a database dump cannot sign anyone in.
struct CreateStaff: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(table: "staff")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("school_id", type: .bigint, .references("schools", "id"))
            .column("username", type: .text, .notNull, .unique)
            .column("display_name", type: .text, .notNull)
            .column("role", type: .text, .notNull)
            .column("password_hash", type: .text, .notNull)
            .column("created_at_ms", type: .bigint, .notNull)
            .run()
        try await sql.create(table: "staff_sessions")
            .column("token_hash", type: .text, .primaryKey(autoIncrement: false))
            .column("staff_id", type: .bigint, .notNull, .references("staff", "id"))
            .column("expires_at_ms", type: .bigint, .notNull)
            .column("created_at_ms", type: .bigint, .notNull)
            .run()
        try await sql.create(table: "audit_log")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("school_id", type: .bigint, .references("schools", "id"))
            .column("actor", type: .text, .notNull)
            .column("action", type: .text, .notNull)
            .column("subject", type: .text, .notNull)
            .column("detail", type: .text, .notNull)
            .column("at_ms", type: .bigint, .notNull)
            .run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(table: "audit_log").run()
        try await sql.drop(table: "staff_sessions").run()
        try await sql.drop(table: "staff").run()
    }
}
