import FluentKit
import Foundation
import PostgresNIO

extension StoreDatabase {
    /// Runs a prepared statement on PostgreSQL: parsed and planned once per connection instead of
    /// on every call, which is most of the database's work on the hottest paths. The statement is
    /// its own transaction, so one aborted for meeting another is simply run again.
    func execute<Statement: PostgresPreparedStatement>(_ statement: Statement) async throws -> [Statement.Row]
    where Statement.Row: Sendable {
        guard let postgres = fluent as? any PostgresDatabase else { preconditionFailure("prepared statements are PostgreSQL's") }
        let logger = postgres.logger
        return try await Self.retryingConflicts {
            try await postgres.withConnection { connection in
                connection.eventLoop.makeFutureWithTask {
                    try connection.ensureOpen()
                    var rows: [Statement.Row] = []
                    for try await row in try await connection.execute(statement, logger: logger) { rows.append(row) }
                    return rows
                }
            }.get()
        }
    }
}
