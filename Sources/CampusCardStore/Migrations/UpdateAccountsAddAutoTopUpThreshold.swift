import FluentKit
import SQLKit

/// The purse watch of `CreateAutoTopUps` ran with every charge of every purse: a function call
/// and a look for an agreement, on the noon rush's hot path, though few purses have one. The
/// purse row now carries its current agreement's threshold (NULL without one), and the watch's
/// condition reads only the row being written: it fires for a purse with an agreement whose
/// balance goes down below the threshold or up to it, and every other charge costs nothing more.
/// What the watch does when it fires is unchanged.
///
/// `AutoTopUpAgreements` writes the copy where the threshold is chosen (signing, a change) and
/// clears it where the agreement ends (cancel, expiry), the purse row first, as a charge locks it.
struct UpdateAccountsAddAutoTopUpThreshold: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let db = StoreDatabase(database)
        try await db.sql.raw("ALTER TABLE accounts ADD COLUMN auto_topup_threshold BIGINT").run()
        try await AutoTopUpAgreements.copyThresholdsToPurses(on: db.sql)
        let (drops, creates) =
            db.isSQLite ? (CreateAutoTopUps.sqliteUnwatch, Self.sqliteWatch) : (CreateAutoTopUps.postgresUnwatch, Self.postgresWatch)
        for statement in drops + creates { try await db.sql.raw(statement).run() }
    }

    func revert(on database: any Database) async throws {
        let db = StoreDatabase(database)
        let (drops, creates) =
            db.isSQLite
            ? (CreateAutoTopUps.sqliteUnwatch, CreateAutoTopUps.sqliteWatch)
            : (CreateAutoTopUps.postgresUnwatch, CreateAutoTopUps.postgresWatch)
        for statement in drops + creates { try await db.sql.raw(statement).run() }
        try await db.sql.raw("ALTER TABLE accounts DROP COLUMN auto_topup_threshold").run()
    }

    /// The watch's condition, on the row alone.
    static let crossing: SQLQueryString = """
        NEW.auto_topup_threshold IS NOT NULL AND (
            (NEW.balance < OLD.balance AND NEW.balance < NEW.auto_topup_threshold)
            OR (NEW.balance > OLD.balance AND NEW.balance >= NEW.auto_topup_threshold))
        """

    static let postgresWatch: [SQLQueryString] = [
        CreateAutoTopUps.postgresWatch[0],
        """
        CREATE TRIGGER auto_topup_watch AFTER UPDATE OF balance ON accounts FOR EACH ROW
        WHEN (\(crossing)) EXECUTE FUNCTION auto_topup_watch()
        """,
    ]

    static let sqliteWatch: [SQLQueryString] = [
        """
        CREATE TRIGGER auto_topup_watch_down AFTER UPDATE OF balance ON accounts
        WHEN NEW.auto_topup_threshold IS NOT NULL AND NEW.balance < OLD.balance AND NEW.balance < NEW.auto_topup_threshold
        BEGIN
            \(CreateAutoTopUps.markDue)
        END
        """,
        """
        CREATE TRIGGER auto_topup_watch_up AFTER UPDATE OF balance ON accounts
        WHEN NEW.auto_topup_threshold IS NOT NULL AND NEW.balance > OLD.balance AND NEW.balance >= NEW.auto_topup_threshold
        BEGIN
            \(CreateAutoTopUps.rearm)
        END
        """,
    ]
}
