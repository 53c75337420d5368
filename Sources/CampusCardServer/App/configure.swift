import CampusCardStore
import Fluent
import Prometheus
import Vapor

/// Wires the application: database, migrations, error handling, metrics, routes, jobs.
/// `registry` is the process's Prometheus registry (tests pass their own).
public func configure(_ app: Application, _ config: ServerConfig, registry: PrometheusCollectorRegistry) async throws {
    app.campusCard = config
    // Before anything takes a copy: requests, the database and the jobs all log through it.
    app.logger = app.logger.redacted
    app.metrics = ServerMetrics(registry: registry)
    app.http.server.configuration.hostname = config.hostname
    app.http.server.configuration.port = config.port
    app.threadPool = NIOThreadPool(numberOfThreads: DatabaseRuntime.blockingThreads)
    app.databases.use(
        try config.database.configuration(
            maxConnections: config.maxConnections, connectionWait: .seconds(Int64(config.connectionWaitSeconds))),
        as: .init(string: "main"),
        isDefault: true)
    try config.database.useSideDatabases(on: app.databases)
    config.database.addMigrations(to: app.migrations)
    try await config.database.prepare(app.store)
    try await config.database.prepareProgress(app.databases, logger: app.logger)
    try await app.autoMigrate()
    if case .sqlite(let path) = config.database {
        let writer = try SQLiteWriter(path: path, logger: app.logger)
        app.spendBatcher = SpendBatcher(writer)
        app.lifecycle.use(WriterShutdown(writer: writer))
    } else {
        // Two batches at a time: measured at 64 tills on 2 cores, p99 41-48 ms against 46-47 with
        // four and 50-61 with eight, at the same or better throughput; and one slow batch (a
        // purse locked by a top-up) does not hold up every till.
        app.spendBatcher = try SpendBatcher(app.store, maxInFlight: 2)
    }
    app.creditBatcher = try config.database.isSQLite ? nil : CreditBatcher(app.store)
    try app.makeServiceBase()
    app.terminalKeyring = try TerminalKeyring(TerminalLookups(TerminalDirectory(app.store, box: config.masterKey.secretBox)))

    app.middleware = Middlewares()
    // Metrics outside, so refused requests are counted with the status they were answered with.
    app.middleware.use(RequestMetricsMiddleware())
    app.middleware.use(CardErrorMiddleware())
    try routes(app)
    app.rosterImportRuns = RosterImportRuns()
    app.lifecycle.use(app.rosterImportRuns)
    if config.ledgerJobInterval > 0 {
        app.lifecycle.use(LedgerJobs(interval: config.ledgerJobInterval))
    }
}

func routes(_ app: Application) throws {
    try app.register(collection: SystemRoutes())
    try app.register(collection: ConsoleRoutes())
    try app.register(collection: TerminalRoutes())
    try app.register(collection: ServiceCenterRoutes())
    try app.register(collection: RecordRoutes())
    try app.register(collection: CardholderRoutes())
    try app.register(collection: BindingRoutes())
    try app.register(collection: RosterRoutes())
    try app.register(collection: OnboardingRoutes())
    try app.register(collection: TopUpRoutes())
    try app.register(collection: AutoTopUpRoutes())
    try app.register(collection: ChannelNotifyRoutes())
    try app.register(collection: NoticeRoutes())
    try app.register(collection: ReconciliationRoutes())
    try app.register(collection: CardholderCardRoutes())
    try app.register(collection: CardholderPageRoutes())
    try app.register(collection: ConsolePageRoutes())
    try app.campusCard.sandbox?.mount(on: app)
}

/// Closes SQLite's writer connection with the application.
private struct WriterShutdown: LifecycleHandler {
    let writer: SQLiteWriter

    func shutdownAsync(_ app: Application) async {
        await writer.shutdown()
    }
}
