import FluentKit
import SQLKit

/// Double entry: a transfer is the request (kind, amount, idempotency key); its two entries are
/// the debit and the credit. Hot accounts' entries stay `pending` until rolled up into the
/// account's balance column, so a partial index finds exactly the entries not yet rolled up
/// (SQLite's spend batches move the balance column themselves and write none pending).
///
/// No foreign key points from these two tables at `accounts` or `schools`: PostgreSQL checks one
/// by share-locking the referenced row, so every spend at a canteen would queue on the canteen's
/// account row, the very serialization hot accounts exist to avoid. The audit checks instead that
/// every entry and transfer names an account that exists.
struct CreateTransfers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(table: "transfers")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("school_id", type: .bigint, .notNull)
            .column("kind", type: .text, .notNull)
            .column("from_account_id", type: .bigint, .notNull)
            .column("to_account_id", type: .bigint, .notNull)
            .column("amount", type: .bigint, .notNull)
            .column("idempotency_scope", type: .text, .notNull)
            .column("idempotency_key", type: .text, .notNull)
            .column("memo", type: .text, .notNull)
            .column("at_ms", type: .bigint, .notNull)
            .check(SQLRaw("amount > 0"), named: "transfer_amount_positive")
            .unique("idempotency_scope", "idempotency_key")
            .run()
        try await sql.create(table: "entries")
            .column("transfer_id", type: .bigint, .notNull, .references("transfers", "id"))
            .column("account_id", type: .bigint, .notNull)
            .column("amount", type: .bigint, .notNull)
            .column("balance_after", type: .bigint)
            .column("pending", type: .custom(SQLRaw("BOOLEAN")), .notNull)
            .column("at_ms", type: .bigint, .notNull)
            .primaryKey("transfer_id", "account_id")
            .run()
        // An account's records, newest first, paged by transfer id.
        try await sql.create(index: "entries_account").on("entries").column("account_id").column("transfer_id").run()
        try await sql.raw("CREATE INDEX entries_pending ON entries (account_id) WHERE pending").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(table: "entries").run()
        try await sql.drop(table: "transfers").run()
    }
}
