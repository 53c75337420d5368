import FluentKit
import SQLKit

/// Every charge rewrites one purse row. PostgreSQL can rewrite a row in place of its page, with
/// no index touched and little WAL ("HOT"), only if the page has room; a bulk-loaded roster
/// fills pages to the brim, so at a large school nearly every first charge of a purse moved its
/// row and touched both indexes. Pages written from now on keep a sixth free.
struct LeaveRoomForBalanceUpdates: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let db = StoreDatabase(database)
        guard !db.isSQLite else { return }
        try await db.sql.raw("ALTER TABLE accounts SET (fillfactor = 85)").run()
    }

    func revert(on database: any Database) async throws {
        let db = StoreDatabase(database)
        guard !db.isSQLite else { return }
        try await db.sql.raw("ALTER TABLE accounts RESET (fillfactor)").run()
    }
}
