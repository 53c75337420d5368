import FluentKit
import SQLKit

/// A purse's records in the order its balance changed. Transfer ids do not give that order on
/// PostgreSQL: an id can be taken before the purse's row is locked, while transfers numbered
/// later commit on the purse in between. Each purse counts its entries (`accounts.entry_seq`, moved
/// in the update that moves the balance, so under the row's lock) and each purse entry keeps its
/// number (`entries.seq`); hot accounts' entries have none, so they never queue on their row.
/// Records written before are numbered in transfer order, as they were listed.
struct UpdateEntriesAddSeq: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = StoreDatabase(database).sql
        try await sql.raw("ALTER TABLE accounts ADD COLUMN entry_seq BIGINT NOT NULL DEFAULT 0").run()
        try await sql.raw("ALTER TABLE entries ADD COLUMN seq BIGINT").run()
        try await sql.raw(
            """
            UPDATE entries AS e SET seq = n.seq FROM (
                SELECT transfer_id, account_id, ROW_NUMBER() OVER (PARTITION BY account_id ORDER BY transfer_id) AS seq
                FROM entries WHERE balance_after IS NOT NULL
            ) AS n WHERE e.transfer_id = n.transfer_id AND e.account_id = n.account_id
            """
        ).run()
        try await sql.raw(
            """
            UPDATE accounts SET entry_seq = (SELECT COALESCE(MAX(e.seq), 0) FROM entries e WHERE e.account_id = accounts.id)
            WHERE kind = 'purse'
            """
        ).run()
        // An account's records, newest first, paged by their number (the old index, by transfer id, is no longer read).
        try await sql.raw("DROP INDEX entries_account").run()
        try await sql.raw("CREATE INDEX entries_account_seq ON entries (account_id, seq)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = StoreDatabase(database).sql
        try await sql.raw("DROP INDEX entries_account_seq").run()
        try await sql.raw("CREATE INDEX entries_account ON entries (account_id, transfer_id)").run()
        try await sql.raw("ALTER TABLE entries DROP COLUMN seq").run()
        try await sql.raw("ALTER TABLE accounts DROP COLUMN entry_seq").run()
    }
}
