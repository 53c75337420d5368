import CampusCardCore
import CampusCardServices
import CampusCardStore
import Foundation
import Vapor

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
    /// The real channels; nil means the sandbox plays them (demo, tests).
    public var channels: ChannelAccess?
    /// Channels played inside this server (the sandbox, in demo mode and tests): mounted when set.
    public var sandbox: (any LocalChannels)?
    /// Seconds a request may queue for a database connection before it is refused.
    public var connectionWaitSeconds = 30
    /// How long a cardholder's session lasts after the channel signed them in.
    public var cardholderSessionLifetime: TimeInterval = 2 * 3600
    /// How late a top-up's notification may be before the upkeep asks the channel about it.
    public var topUpQueryDelay: TimeInterval = 5 * 60
    /// How often sign-in, binding and top-up orders may be tried (see `RateLimits`).
    public var rateLimits = RateLimits.standard
    /// The bank side of auto top-up (UnionPay's token debits); nil: auto top-up is not offered.
    public var autoDebit: (any AutoDebitChannel)?
    /// Proxies (exact addresses) whose `X-Forwarded-For` names the client (see `Request.clientAddress`).
    public var trustedProxies: Set<String> = []

    /// The channels as configured, or the sandbox standing in for them.
    var channelAccess: ChannelAccess? { channels ?? sandbox?.channelAccess }

    public init(
        database: DatabaseLocation, masterKey: MasterKey, hostname: String = "127.0.0.1", port: Int = 8080, ledgerJobInterval: Int = 5,
        maxConnections: Int = 16, channels: ChannelAccess? = nil, sandbox: (any LocalChannels)? = nil
    ) {
        self.channels = channels
        self.sandbox = sandbox
        self.database = database
        self.masterKey = masterKey
        self.hostname = hostname
        self.port = port
        self.ledgerJobInterval = ledgerJobInterval
        self.maxConnections = maxConnections
    }
}

/// Channels this server plays itself, at paths of its own (the sandbox): how the server reaches
/// them, and their routes. Only the executable and the tests bring one.
public protocol LocalChannels: Sendable {
    var channelAccess: ChannelAccess { get }
    /// The page where the cardholder pays `orderNo` in demo mode.
    func cashierPath(provider: PaymentProvider, orderNo: String) -> String
    func mount(on app: Application) throws
}
