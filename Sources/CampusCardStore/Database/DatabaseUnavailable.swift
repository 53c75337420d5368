import PostgresNIO

extension StoreDatabase {
    /// Whether `error` says PostgreSQL could not be reached or went away (it was restarting or
    /// stopping, or had no connection to spare). The transaction under way was then not
    /// committed, so the request may be told that nothing was done and to try again.
    public static func isUnavailable(_ error: any Error) -> Bool {
        if error is ConnectionLost { return true }
        guard let error = error as? PSQLError else { return false }
        switch error.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
            return true
        case .server:
            // 57P01-03: the server is shutting down or not yet accepting; class 08: connection
            // failure; 53300: too many connections.
            let state = error.serverInfo?[.sqlState] ?? ""
            return ["57P01", "57P02", "57P03", "53300"].contains(state) || state.hasPrefix("08")
        default:
            return false
        }
    }

    /// A statement was not sent: PostgreSQL had already ended its connection (see `OpenConnectionSQL`).
    public struct ConnectionLost: Error {}
}
