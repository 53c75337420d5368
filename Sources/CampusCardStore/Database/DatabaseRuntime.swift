import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLKit

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

    /// Where long work records how far it has got (`roster_imports`): nil, the main database
    /// (PostgreSQL: another connection writes the progress while the work's transaction is open);
    /// on SQLite a file of its own beside the main one (`<file>.progress`), since the work's
    /// transaction holds the main file's only write lock to its end. Every process on the same
    /// file finds the same one.
    public var progress: DatabaseLocation? {
        guard case .sqlite(let path) = self else { return nil }
        return .sqlite(path: path + ".progress")
    }

    /// The Fluent id of the progress database, where it is one of its own.
    public static let progressID = DatabaseID(string: "progress")

    /// Long work in the background (a roster import) on SQLite: connections of its own to the main
    /// file. Its transaction holds its connection for seconds, and a request's database handles
    /// take the loop's connections in turn (`SQLiteConnections`): one that met it would wait for
    /// the whole import. On PostgreSQL the main pool has connections to spare.
    public static let backgroundID = DatabaseID(string: "background")

    /// Registers, on SQLite, the progress database beside the main one and the background work's
    /// own connections to the main one.
    public func useSideDatabases(on databases: Databases) throws {
        guard case .sqlite(let path) = self, case .sqlite(let progressPath)? = progress else { return }
        databases.use(.sqlite(.file(progressPath), connectionPoolTimeout: Self.connectionWait, sqlLogLevel: .trace), as: Self.progressID)
        databases.use(.sqlite(.file(path), connectionPoolTimeout: Self.connectionWait, sqlLogLevel: .trace), as: Self.backgroundID)
    }

    /// Every migration, each on its database: the main list, and the progress database's.
    public func addMigrations(to migrations: Migrations) {
        migrations.add(CampusCardMigrations.all)
        migrations.add(CampusCardMigrations.progress, to: progress == nil ? nil : Self.progressID)
    }

    /// SQLite connections per event loop (see `SQLiteConnections`).
    public static let sqliteConnectionsPerLoop = 4

    /// One-time file settings: WAL lets readers (records pages) run beside the single writer.
    public func prepare(_ db: StoreDatabase) async throws {
        guard case .sqlite = self else { return }
        try await db.sql.raw("PRAGMA journal_mode = WAL").run()
    }

    /// The progress database's own file settings (`prepare`), where it is one of its own.
    public func prepareProgress(_ databases: Databases, logger: Logger) async throws {
        guard progress != nil, let db = databases.database(Self.progressID, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())
        else { return }
        try await (db as! any SQLDatabase).raw("PRAGMA journal_mode = WAL").run()
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
        try location.useSideDatabases(on: databases)
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

    /// Where long work records its progress (`DatabaseLocation.progress`): the main database on
    /// PostgreSQL, SQLite's own file beside it.
    public var progressDatabase: StoreDatabase {
        guard location.progress != nil else { return database }
        return StoreDatabase(
            databases.database(DatabaseLocation.progressID, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any())!)
    }

    /// Brings the schema up to date (idempotent) and applies the engine's file settings.
    public func migrate() async throws {
        try await location.prepare(database)
        try await location.prepareProgress(databases, logger: logger)
        let migrations = Migrations()
        location.addMigrations(to: migrations)
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
