import FluentKit
import SQLKit

/// What of a credited top-up the service center has refunded in cash: a refund names its order
/// and takes at most what of it is left, however many clerks click at once.
struct UpdateTopUpOrdersAddRefunded: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await StoreDatabase(database).sql.raw("ALTER TABLE topup_orders ADD COLUMN refunded BIGINT NOT NULL DEFAULT 0").run()
    }

    func revert(on database: any Database) async throws {
        try await StoreDatabase(database).sql.raw("ALTER TABLE topup_orders DROP COLUMN refunded").run()
    }
}
