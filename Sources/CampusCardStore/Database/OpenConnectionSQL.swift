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
        do { try connection.ensureOpen() } catch { return eventLoop.makeFailedFuture(error) }
        return base.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try connection.ensureOpen()
        try await base.execute(sql: query, onRow)
    }
}

extension PostgresConnection {
    /// Throws `ConnectionLost` when the server has ended this connection: a statement sent to it
    /// would never be answered (see `OpenConnectionSQL`). Every statement we send goes past here.
    func ensureOpen() throws {
        if isClosed { throw StoreDatabase.ConnectionLost() }
    }
}
