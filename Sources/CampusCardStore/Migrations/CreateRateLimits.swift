import FluentKit
import SQLKit

/// Rate limits' counts, one row per key and fixed window, shared by every server process; the
/// upkeep purges windows that ended. Staff accounts count wrong passwords in a row, and say until
/// when they are locked.
struct CreateRateLimits: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(table: "rate_limits")
            .column("subject", type: .text, .notNull)
            .column("window_start_ms", type: .bigint, .notNull)
            .column("ends_at_ms", type: .bigint, .notNull)
            .column("count", type: .bigint, .notNull)
            .primaryKey("subject", "window_start_ms")
            .run()
        try await sql.create(index: "rate_limits_ends_at").on("rate_limits").column("ends_at_ms").run()
        try await sql.raw("ALTER TABLE staff ADD COLUMN wrong_passwords BIGINT NOT NULL DEFAULT 0").run()
        try await sql.raw("ALTER TABLE staff ADD COLUMN locked_until_ms BIGINT").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE staff DROP COLUMN locked_until_ms").run()
        try await sql.raw("ALTER TABLE staff DROP COLUMN wrong_passwords").run()
        try await sql.drop(table: "rate_limits").run()
    }
}
