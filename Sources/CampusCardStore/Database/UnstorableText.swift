import PostgresNIO

extension StoreDatabase {
    /// Whether `error` is PostgreSQL refusing a text it cannot hold (a NUL, 22021): the caller's
    /// text, not our failure. Nothing was written. Fields are checked before they reach the
    /// database; this is what keeps one that was missed from answering a 500.
    public static func isUnstorableText(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError, error.code == .server else { return false }
        return error.serverInfo?[.sqlState] == "22021"
    }
}
