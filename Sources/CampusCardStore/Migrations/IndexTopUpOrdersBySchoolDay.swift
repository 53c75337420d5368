import FluentKit
import SQLKit

/// The card office's dashboard and the daily reconciliation read one school's orders of one
/// school day; with no index but (status, expiry) and (cardholder, id) each read every order
/// ever made. One index entry per order, written when it is made: not on a spend's path.
struct IndexTopUpOrdersBySchoolDay: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await StoreDatabase(database).sql.raw("CREATE INDEX topup_orders_school_day ON topup_orders (school_id, local_day)").run()
    }

    func revert(on database: any Database) async throws {
        try await StoreDatabase(database).sql.raw("DROP INDEX topup_orders_school_day").run()
    }
}
