import FluentKit
import SQLKit

/// What running a school from the console needs: its English name for the pages' English switch,
/// and staff accounts that can be disabled (kept for the audit trail, never deleted).
struct UpdateSchoolsAndStaffForOnboarding: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = StoreDatabase(database).sql
        try await sql.raw("ALTER TABLE schools ADD COLUMN name_en TEXT NOT NULL DEFAULT ''").run()
        try await sql.raw("ALTER TABLE staff ADD COLUMN disabled_at_ms BIGINT").run()
    }

    func revert(on database: any Database) async throws {
        let sql = StoreDatabase(database).sql
        try await sql.raw("ALTER TABLE staff DROP COLUMN disabled_at_ms").run()
        try await sql.raw("ALTER TABLE schools DROP COLUMN name_en").run()
    }
}
