import FluentKit
import SQLKit

struct CreateSchools: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(table: "schools")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("code", type: .text, .notNull, .unique)
            .column("name", type: .text, .notNull)
            .column("time_zone", type: .text, .notNull)
            .column("settings", type: .text, .notNull)
            .column("created_at_ms", type: .bigint, .notNull)
            .run()
        try await sql.create(table: "campuses")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("school_id", type: .bigint, .notNull, .references("schools", "id"))
            .column("code", type: .text, .notNull)
            .column("name", type: .text, .notNull)
            .unique("school_id", "code")
            .run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(table: "campuses").run()
        try await sql.drop(table: "schools").run()
    }
}
