import FluentKit
import SQLKit

/// What administrators publish: service windows (top-up and binding refused inside them) and
/// announcements shown on the cardholders' pages.
struct CreateServiceNotices: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for table in ["maintenance_windows", "announcements"] {
            try await sql.create(table: table)
                .column("id", type: .bigint, .primaryKey(autoIncrement: true))
                .column("school_id", type: .bigint, .notNull, .references("schools", "id"))
                .column("title", type: .text, .notNull)
                .column("body", type: .text, .notNull)
                .column("starts_at_ms", type: .bigint, .notNull)
                .column("ends_at_ms", type: .bigint, .notNull)
                .column("created_by", type: .text, .notNull)
                .column("created_at_ms", type: .bigint, .notNull)
                .run()
            try await sql.create(index: "\(table)_school_time").on(table).column("school_id").column("ends_at_ms").run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for table in ["announcements", "maintenance_windows"] { try await sql.drop(table: table).run() }
    }
}
