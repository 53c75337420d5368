import Logging
import NIOCore
import PostgresNIO
import SQLKit

/// One PostgreSQL connection's statements, refused at once when the server has ended the
/// connection. PostgresNIO 1.33 hands a statement for a closed connection to nobody, so it never
/// returns: a transaction whose connection PostgreSQL ended (a restart, a fast shutdown) waited
/// for ever on its next statement or on its ROLLBACK, and so did the request behind it.
struct OpenConnectionSQL: SQLDatabase {
    let base: any SQLDatabase
    let connection: PostgresConnection

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        guard !connection.isClosed else { return eventLoop.makeFailedFuture(StoreDatabase.ConnectionLost()) }
        return base.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        guard !connection.isClosed else { throw StoreDatabase.ConnectionLost() }
        try await base.execute(sql: query, onRow)
    }
}
