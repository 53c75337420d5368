import FluentKit
import SQLKit

/// Roster imports started from the console, and how far each has got (`RosterImportJournal`):
/// written every few hundred rows by a connection of its own while the import's transaction is
/// still open, so any server process shows the progress. At most one import a school is running:
/// a unique index over the running ones, so two processes cannot both start one.
///
/// It lives in the progress database (`DatabaseLocation.progress`): on PostgreSQL the main one;
/// on SQLite a file of its own beside the main one, since the import's transaction holds the main
/// file's only write lock to its end and nothing else could write a row of progress there. Hence
/// no foreign key to `schools`: on SQLite that table is in the other file.
struct CreateRosterImports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.create(table: "roster_imports")
            .column("id", type: .bigint, .primaryKey(autoIncrement: true))
            .column("school_id", type: .bigint, .notNull)
            .column("staff_username", type: .text, .notNull)
            .column("file_name", type: .text, .notNull)
            // running, done, failed, interrupted
            .column("status", type: .text, .notNull)
            .column("rows_total", type: .bigint, .notNull, .default(0))
            .column("rows_written", type: .bigint, .notNull, .default(0))
            .column("created", type: .bigint, .notNull, .default(0))
            .column("updated", type: .bigint, .notNull, .default(0))
            .column("unchanged", type: .bigint, .notNull, .default(0))
            .column("refused", type: .bigint, .notNull, .default(0))
            // [{"line", "code", "zh", "en"}], by line
            .column("refused_rows", type: .text, .notNull, .default("[]"))
            // Why a failed import wrote nothing.
            .column("failure_code", type: .text)
            .column("failure_zh", type: .text)
            .column("failure_en", type: .text)
            .column("started_at_ms", type: .bigint, .notNull)
            .column("updated_at_ms", type: .bigint, .notNull)
            .column("finished_at_ms", type: .bigint)
            .run()
        try await sql.raw("CREATE UNIQUE INDEX roster_imports_one_running ON roster_imports (school_id) WHERE status = 'running'").run()
        try await sql.create(index: "roster_imports_school").on("roster_imports").column("school_id").column("id").run()
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(table: "roster_imports").run()
    }
}
