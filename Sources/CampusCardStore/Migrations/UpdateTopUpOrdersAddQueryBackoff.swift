import FluentKit
import SQLKit

/// A channel that cannot answer about one order (an error, a timeout, garbage) must not hold up
/// the orders after it: the order is asked again later, each failure doubling the wait.
struct UpdateTopUpOrdersAddQueryBackoff: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = StoreDatabase(database).sql
        try await sql.raw("ALTER TABLE topup_orders ADD COLUMN query_failures BIGINT NOT NULL DEFAULT 0").run()
        try await sql.raw("ALTER TABLE topup_orders ADD COLUMN next_query_at_ms BIGINT").run()
    }

    func revert(on database: any Database) async throws {
        let sql = StoreDatabase(database).sql
        try await sql.raw("ALTER TABLE topup_orders DROP COLUMN next_query_at_ms").run()
        try await sql.raw("ALTER TABLE topup_orders DROP COLUMN query_failures").run()
    }
}
