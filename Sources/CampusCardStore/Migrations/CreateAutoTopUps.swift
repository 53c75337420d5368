import FluentKit
import SQLKit

/// Auto top-up (自动代扣): agreements with every change to them, the bank openings waiting for
/// their SMS code, the debits tried and the refunds asked for; and the purse watch, a trigger on
/// the purse balance that starts a debit in the spend's own statement (no extra round trip).
struct CreateAutoTopUps: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let db = StoreDatabase(database)
        let sql = db.sql
        try await sql.create(table: "auto_topup_agreements")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("school_id", type: .bigint, .notNull, .references("schools", "id"))
            .column("cardholder_id", type: .bigint, .notNull, .references("cardholders", "id"))
            .column("purse_account_id", type: .bigint, .notNull)
            .column("status", type: .text, .notNull)
            // armed: a dip below the threshold starts a debit; due: one is to be started;
            // debiting: one is with the bank; idle: waiting for the balance to come back up.
            .column("debit_state", type: .text, .notNull)
            .column("threshold_fen", type: .bigint, .notNull)
            .column("amount_fen", type: .bigint, .notNull)
            .column("token", type: .text, .notNull)
            .column("card_last_four", type: .text, .notNull)
            .column("failures", type: .bigint, .notNull, .default(0))
            .column("next_attempt_at_ms", type: .bigint)
            .column("claimed_at_ms", type: .bigint)
            .column("signed_at_ms", type: .bigint)
            .column("expires_at_ms", type: .bigint)
            .column("reminded_at_ms", type: .bigint)
            .column("created_at_ms", type: .bigint, .notNull)
            .run()
        try await sql.raw(
            """
            CREATE UNIQUE INDEX auto_topup_agreements_current ON auto_topup_agreements (cardholder_id)
            WHERE status IN ('opened', 'active', 'paused')
            """
        ).run()
        try await sql.raw(
            "CREATE INDEX auto_topup_agreements_purse ON auto_topup_agreements (purse_account_id) WHERE status = 'active'"
        ).run()
        try await sql.raw(
            "CREATE INDEX auto_topup_agreements_work ON auto_topup_agreements (debit_state) WHERE debit_state = 'due'"
        ).run()
        try await sql.create(table: "auto_topup_changes")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("agreement_id", type: .bigint, .notNull, .references("auto_topup_agreements", "id"))
            .column("action", type: .text, .notNull)
            .column("actor", type: .text, .notNull)
            .column("detail", type: .text, .notNull)
            .column("at_ms", type: .bigint, .notNull)
            .run()
        try await sql.create(index: "auto_topup_changes_agreement").on("auto_topup_changes").column("agreement_id").run()
        try await sql.create(table: "auto_topup_openings")
            .column("opening_no", type: .text, .primaryKey(autoIncrement: false))
            .column("cardholder_id", type: .bigint, .notNull, .references("cardholders", "id"))
            // The card, name, ID number and phone, sealed: the bank needs them again with the SMS code.
            .column("sealed", type: .text, .notNull)
            .column("expires_at_ms", type: .bigint, .notNull)
            .run()
        try await sql.create(table: "auto_topup_debits")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("agreement_id", type: .bigint, .notNull, .references("auto_topup_agreements", "id"))
            .column("order_no", type: .text, .notNull, .unique)
            .column("cardholder_id", type: .bigint, .notNull)
            .column("amount", type: .bigint, .notNull)
            .column("status", type: .text, .notNull)
            .column("bank_code", type: .text)
            .column("reason", type: .text)
            .column("at_ms", type: .bigint, .notNull)
            .column("settled_at_ms", type: .bigint)
            .run()
        // One debit with the bank per agreement, whoever starts it.
        try await sql.raw(
            "CREATE UNIQUE INDEX auto_topup_debits_in_flight ON auto_topup_debits (agreement_id) WHERE status = 'processing'"
        ).run()
        try await sql.create(table: "auto_topup_refunds")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("refund_no", type: .text, .notNull, .unique)
            .column("order_no", type: .text, .notNull)
            .column("cardholder_id", type: .bigint, .notNull, .references("cardholders", "id"))
            .column("amount", type: .bigint, .notNull)
            .column("status", type: .text, .notNull)
            .column("transfer_id", type: .bigint, .notNull)
            .column("bank_code", type: .text)
            .column("requested_by", type: .text, .notNull)
            .column("at_ms", type: .bigint, .notNull)
            .column("settled_at_ms", type: .bigint)
            .run()
        // A debit is refunded once (a failed refund gives the money back and may be asked again).
        try await sql.raw(
            "CREATE UNIQUE INDEX auto_topup_refunds_live ON auto_topup_refunds (order_no) WHERE status <> 'failed'"
        ).run()
        for statement in db.isSQLite ? Self.sqliteWatch : Self.postgresWatch { try await sql.raw(statement).run() }
    }

    /// A purse going down past an armed agreement's threshold marks it due (and so disarms it:
    /// the next spends of the same dip find it due or debiting); a purse coming back to the
    /// threshold re-arms an idle one. Both are conditional updates of the agreement's row, which
    /// the spend's own lock on the purse already serializes.
    static let markDue: SQLQueryString = """
        UPDATE auto_topup_agreements SET debit_state = 'due'
            WHERE purse_account_id = NEW.id AND status = 'active' AND debit_state = 'armed' AND NEW.balance < threshold_fen;
        """
    static let rearm: SQLQueryString = """
        UPDATE auto_topup_agreements SET debit_state = 'armed'
            WHERE purse_account_id = NEW.id AND status = 'active' AND debit_state = 'idle' AND NEW.balance >= threshold_fen;
        """

    static let postgresWatch: [SQLQueryString] = [
        """
        CREATE FUNCTION auto_topup_watch() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.balance < OLD.balance THEN
                \(markDue)
            ELSE
                \(rearm)
            END IF;
            RETURN NULL;
        END $$
        """,
        """
        CREATE TRIGGER auto_topup_watch AFTER UPDATE OF balance ON accounts FOR EACH ROW
        WHEN (NEW.kind = 'purse' AND NEW.balance <> OLD.balance) EXECUTE FUNCTION auto_topup_watch()
        """,
    ]
    static let postgresUnwatch: [SQLQueryString] = ["DROP TRIGGER auto_topup_watch ON accounts", "DROP FUNCTION auto_topup_watch()"]

    static let sqliteWatch: [SQLQueryString] = [
        """
        CREATE TRIGGER auto_topup_watch_down AFTER UPDATE OF balance ON accounts
        WHEN NEW.kind = 'purse' AND NEW.balance < OLD.balance
        BEGIN
            \(markDue)
        END
        """,
        """
        CREATE TRIGGER auto_topup_watch_up AFTER UPDATE OF balance ON accounts
        WHEN NEW.kind = 'purse' AND NEW.balance > OLD.balance
        BEGIN
            \(rearm)
        END
        """,
    ]
    static let sqliteUnwatch: [SQLQueryString] = ["DROP TRIGGER auto_topup_watch_down", "DROP TRIGGER auto_topup_watch_up"]

    func revert(on database: any Database) async throws {
        let db = StoreDatabase(database)
        for statement in db.isSQLite ? Self.sqliteUnwatch : Self.postgresUnwatch { try await db.sql.raw(statement).run() }
        for table in ["auto_topup_refunds", "auto_topup_debits", "auto_topup_openings", "auto_topup_changes", "auto_topup_agreements"] {
            try await db.sql.drop(table: table).run()
        }
    }
}
