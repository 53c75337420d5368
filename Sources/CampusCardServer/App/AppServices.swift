import CampusCardCore
import CampusCardServices
import CampusCardStore
import Fluent
import Prometheus
import Vapor

/// What handlers reach through `req`: the store over the request's database, the keys, metrics.
extension Application {
    private struct ConfigKey: StorageKey {
        typealias Value = ServerConfig
    }

    private struct MetricsKey: StorageKey {
        typealias Value = ServerMetrics
    }

    private struct SpendBatcherKey: StorageKey {
        typealias Value = SpendBatcher
    }

    private struct CreditBatcherKey: StorageKey {
        typealias Value = CreditBatcher
    }

    private struct TerminalKeyringKey: StorageKey {
        typealias Value = TerminalKeyring
    }

    public internal(set) var campusCard: ServerConfig {
        get { storage[ConfigKey.self]! }
        set { storage[ConfigKey.self] = newValue }
    }

    public internal(set) var metrics: ServerMetrics {
        get { storage[MetricsKey.self]! }
        set { storage[MetricsKey.self] = newValue }
    }

    public var store: StoreDatabase {
        get throws { try store(logger: logger, on: eventLoopGroup.any()) }
    }

    /// Once the server is stopping, the database pool may close before the last requests are
    /// answered (Vapor closes it before the HTTP server; `serve` stops the server first, up to its
    /// shutdown timeout): those get a 503 that says nothing was done. Fluent's own `db` would
    /// crash the process there.
    func store(logger: Logger, on eventLoop: any EventLoop) throws -> StoreDatabase {
        guard let database = databases.database(logger: logger, on: eventLoop, pageSizeLimit: fluent.pagination.pageSizeLimit) else {
            throw CardError.databaseUnavailable
        }
        return StoreDatabase(database)
    }

    /// Charges share commits (see `SpendBatcher`).
    var spendBatcher: SpendBatcher? {
        get { storage[SpendBatcherKey.self] }
        set { storage[SpendBatcherKey.self] = newValue }
    }

    /// Set on PostgreSQL, where payment notices share commits (see `CreditBatcher`).
    var creditBatcher: CreditBatcher? {
        get { storage[CreditBatcherKey.self] }
        set { storage[CreditBatcherKey.self] = newValue }
    }

    /// The terminals POS requests are signed by (see `TerminalKeyring`).
    var terminalKeyring: TerminalKeyring {
        get { storage[TerminalKeyringKey.self]! }
        set { storage[TerminalKeyringKey.self] = newValue }
    }
}

extension Application {
    /// What the services run with, outside a request (the upkeep): the time now, any event loop.
    public func services(logger: Logger) throws -> ServiceContext {
        try services(store: store(logger: logger, on: eventLoopGroup.any()), logger: logger)
    }

    /// One storage lookup and a copy per request (this is on every POS charge): what does not
    /// change per request is made once, at configure.
    func services(store: StoreDatabase, logger: Logger) -> ServiceContext {
        var context = storage[ServiceBaseKey.self]!
        (context.store, context.now, context.logger) = (store, clock.now(), logger)
        return context
    }

    private struct ServiceBaseKey: StorageKey {
        typealias Value = ServiceContext
    }

    /// Everything but the request's own database, time and log; after the batchers are set.
    func makeServiceBase() throws {
        var base = ServiceContext(
            store: try store, now: clock.now(), logger: logger, masterKey: campusCard.masterKey, channels: campusCard.channelAccess,
            transport: ApplicationTransport(application: self), spendBatcher: spendBatcher, creditBatcher: creditBatcher,
            cardholderSessionLifetime: campusCard.cardholderSessionLifetime)
        base.topUpQueryDelay = campusCard.topUpQueryDelay
        base.autoDebit =
            campusCard.autoDebit ?? campusCard.channelAccess.map { UnionPayAutoDebit(access: $0.unionPay, transport: base.transport) }
        base.rateLimits = campusCard.rateLimits
        storage[ServiceBaseKey.self] = base
    }
}

extension Request {
    /// The request's database, on its event loop (see `Application.store(logger:on:)`).
    var store: StoreDatabase {
        get throws { try application.store(logger: logger, on: eventLoop) }
    }
    var masterKey: MasterKey { application.campusCard.masterKey }

    /// What the services run with for this request: its database, its time, its log.
    var services: ServiceContext {
        get throws {
            var context = application.services(store: try store, logger: logger)
            context.publicOrigin = publicOrigin
            return context
        }
    }
}
