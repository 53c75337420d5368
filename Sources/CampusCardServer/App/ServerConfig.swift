import CampusCardStore
import Foundation

/// Everything the server needs to start, gathered once: from flags, then the environment, then
/// defaults. Nothing reads the environment after start.
public struct ServerConfig: Sendable {
    public var database: DatabaseLocation
    public var masterKey: MasterKey
    public var hostname: String
    public var port: Int
    /// Seconds between roll-ups of hot accounts' entries (and purges of old terminal nonces).
    public var ledgerJobInterval: Int
    /// Connections per event loop to PostgreSQL.
    public var maxConnections: Int

    public init(
        database: DatabaseLocation, masterKey: MasterKey, hostname: String = "127.0.0.1", port: Int = 8080, ledgerJobInterval: Int = 5,
        maxConnections: Int = 16
    ) {
        self.database = database
        self.masterKey = masterKey
        self.hostname = hostname
        self.port = port
        self.ledgerJobInterval = ledgerJobInterval
        self.maxConnections = maxConnections
    }
}
