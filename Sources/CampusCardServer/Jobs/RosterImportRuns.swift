import CampusCardCore
import CampusCardServices
import CampusCardStore
import Synchronization
import Vapor

/// Roster imports started from the console, running after their request was answered. A server
/// stopping cancels them (each rolls back and records that it wrote nothing) and waits for them
/// a while (`BackgroundWork`), so none touches a database that has closed.
final class RosterImportRuns: LifecycleHandler, Sendable {
    private let running = Mutex<[UUID: Task<Void, Never>]>([:])

    /// How long a stopping server waits for an import to roll back.
    static let shutdownWait = Duration.seconds(30)

    func launch(_ work: @escaping @Sendable () async -> Void) {
        let id = UUID()
        running.withLock { running in
            running[id] = Task { [weak self] in
                await work()
                self?.running.withLock { _ = $0.removeValue(forKey: id) }
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        let tasks = running.withLock { Array($0.values) }
        await BackgroundWork.cancelAndWait(tasks, named: "roster imports", logger: app.logger, upTo: Self.shutdownWait)
    }
}

extension Application {
    private struct RosterImportRunsKey: StorageKey {
        typealias Value = RosterImportRuns
    }

    var rosterImportRuns: RosterImportRuns {
        get { storage[RosterImportRunsKey.self]! }
        set { storage[RosterImportRunsKey.self] = newValue }
    }

    /// Where long work records its progress (`DatabaseLocation.progress`): the main database on
    /// PostgreSQL, SQLite's file of its own beside it.
    func progressStore(logger: Logger, on eventLoop: any EventLoop) throws -> StoreDatabase {
        guard campusCard.database.progress != nil else { return try store(logger: logger, on: eventLoop) }
        guard let database = databases.database(DatabaseLocation.progressID, logger: logger, on: eventLoop) else {
            throw CardError.databaseUnavailable
        }
        return StoreDatabase(database)
    }

    /// Where long work in the background writes (`DatabaseLocation.backgroundID`): on SQLite
    /// connections of its own, which requests never wait behind.
    func backgroundStore(logger: Logger, on eventLoop: any EventLoop) throws -> StoreDatabase {
        guard campusCard.database.isSQLite else { return try store(logger: logger, on: eventLoop) }
        guard let database = databases.database(DatabaseLocation.backgroundID, logger: logger, on: eventLoop) else {
            throw CardError.databaseUnavailable
        }
        return StoreDatabase(database)
    }
}

extension Request {
    /// The progress database, on the request's event loop.
    var progressStore: StoreDatabase {
        get throws { try application.progressStore(logger: logger, on: eventLoop) }
    }
}
