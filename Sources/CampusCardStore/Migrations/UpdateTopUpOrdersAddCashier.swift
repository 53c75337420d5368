import FluentKit
import SQLKit

/// What the cardholder's page needs to open the channel's cashier for an order (Alipay's
/// `trade_no`, WeChat Pay's JSAPI parameters or `h5_url`), kept with the order: the order page
/// is loaded again and again while it waits, and a retried request gets the same answer.
struct UpdateTopUpOrdersAddCashier: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await StoreDatabase(database).sql.raw("ALTER TABLE topup_orders ADD COLUMN cashier TEXT").run()
    }

    func revert(on database: any Database) async throws {
        try await StoreDatabase(database).sql.raw("ALTER TABLE topup_orders DROP COLUMN cashier").run()
    }
}
