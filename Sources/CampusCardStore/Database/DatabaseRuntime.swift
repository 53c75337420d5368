import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import NIOPosix

extension DatabaseLocation {
    /// How long a request queues for a connection, unless told otherwise.
    public static let connectionWait: TimeAmount = .seconds(30)

    /// The Fluent configuration for this location: registered on Vapor's `app.databases` by the
    /// server, or on a `DatabaseRuntime` by the command line. `connectionWait` is how long a
    /// request may queue for a connection before it is refused.
    public func configuration(maxConnections: Int = 16, connectionWait: TimeAmount = Self.connectionWait) throws
        -> DatabaseConfigurationFactory
    {
        switch self {
        case .sqlite(let path):
            // Under a burst, requests queue for a connection longer than the driver's default 10 s allows.
            let sqlite = DatabaseConfigurationFactory.sqlite(.file(path), connectionPoolTimeout: connectionWait, sqlLogLevel: .trace)
            return DatabaseConfigurationFactory { SQLiteConnections(sqlite: sqlite.make(), drivers: Self.sqliteConnectionsPerLoop) }
        case .postgres(let url):
            // `?search_path=schema` is ours (tests and several schools' trials in one database);
            // the driver sees the URL without it.
            var components = URLComponents(string: url)
            let searchPath = components?.queryItems?.first { $0.name == "search_path" }?.value
            let otherItems = components?.queryItems?.filter { $0.name != "search_path" }
            components?.queryItems = otherItems?.isEmpty == false ? otherItems : nil
            var config = try SQLPostgresConfiguration(url: components?.string ?? url)
            config.searchPath = searchPath.map { [$0] }
            return .postgres(
                configuration: config, maxConnectionsPerEventLoop: maxConnections, connectionPoolTimeout: connectionWait,
                sqlLogLevel: .trace)
        }
    }

    /// SQLite connections per event loop (see `SQLiteConnections`).
    public static let sqliteConnectionsPerLoop = 4

    /// One-time file settings: WAL lets readers (records pages) run beside the single writer.
    public func prepare(_ db: StoreDatabase) async throws {
        guard case .sqlite = self else { return }
        try await db.sql.raw("PRAGMA journal_mode = WAL").run()
    }
}

/// Databases outside Vapor, for the command line and tests: owns the pool and shuts it down.
public final class DatabaseRuntime: @unchecked Sendable {
    public let location: DatabaseLocation
    private let databases: Databases
    private let threadPool: NIOThreadPool
    private let logger: Logger

    /// SQLite's calls block a thread, and a writer waiting for the lock sleeps on one: with more
    /// threads than connections (one pool per event loop, a loop per core), whoever holds the
    /// lock always has a thread to finish on.
    public static let blockingThreads = DatabaseLocation.sqliteConnectionsPerLoop * System.coreCount + 4

    public init(
        _ location: DatabaseLocation, logger: Logger = DatabaseRuntime.quietLogger,
        connectionWait: TimeAmount = DatabaseLocation.connectionWait
    )
        throws
    {
        self.location = location
        self.logger = logger
        threadPool = NIOThreadPool(numberOfThreads: Self.blockingThreads)
        threadPool.start()
        databases = Databases(threadPool: threadPool, on: MultiThreadedEventLoopGroup.singleton)
        databases.use(try location.configuration(connectionWait: connectionWait), as: .init(string: "main"), isDefault: true)
    }

    /// Migrations and queries report only warnings and errors: a command's output is its own.
    public static var quietLogger: Logger {
        var logger = Logger(label: "campuscard.db")
        logger.logLevel = .warning
        return logger
    }

    public var database: StoreDatabase {
        StoreDatabase(databases.database(logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())!)
    }

    /// Brings the schema up to date (idempotent) and applies the engine's file settings.
    public func migrate() async throws {
        try await location.prepare(database)
        let migrations = Migrations()
        migrations.add(CampusCardMigrations.all)
        let migrator = Migrator(
            databases: databases, migrations: migrations, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())
        try await migrator.setupIfNeeded().get()
        try await migrator.prepareBatch().get()
    }

    public func shutdown() async {
        await databases.shutdownAsync()
        try? await threadPool.shutdownGracefully()
    }
}
