import FluentKit
import FluentSQLiteDriver
import Logging
import NIOCore
import NIOPosix

/// Where SQLite's charges are written. One batch writes at a time (SQLite has one writer), and at
/// the noon rush every step of a batch (each statement's answer, each `await`) waited its turn on
/// event loops busy with the HTTP of sixty-odd tills. Here the batches have a connection and an
/// event loop of their own and their tasks run on that loop, so a step waits for SQLite only.
///
/// The write-ahead log is copied back into the database file by a second connection in the
/// background (a passive checkpoint every 200 ms, which never blocks the writer), not by whichever
/// commit happens to push the log past 1,000 pages: that commit took 15 ms instead of 3. The
/// writer still checkpoints itself past 20,000 pages, in case the background falls behind.
///
/// Other writes (top-ups, the card office) take the file's write lock in turn with the batches,
/// as a second server process on the same file does (`BEGIN IMMEDIATE`).
public final class SQLiteWriter: Sendable {
    private let group: MultiThreadedEventLoopGroup
    private let databases: Databases
    private let executor: LoopExecutor
    private let checkpoints: Task<Void, Never>
    public let database: StoreDatabase

    public init(path: String, threadPool: NIOThreadPool, logger: Logger) {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        databases = Databases(threadPool: threadPool, on: group)
        databases.use(.sqlite(.file(path), sqlLogLevel: .trace), as: .init(string: "sqlite-writer"))
        let (writerLoop, checkpointLoop) = (group.next(), group.next())
        executor = LoopExecutor(writerLoop)
        // Only the batches use this connection, and nothing sets a busy timeout on it again.
        let database = StoreDatabase(databases.database(logger: logger, on: writerLoop)!, busyTimeoutIsZero: true)
        let checkpointer = StoreDatabase(databases.database(logger: logger, on: checkpointLoop)!)
        self.database = database
        checkpoints = Task {
            try? await database.sql.raw("PRAGMA busy_timeout = 0").run()
            try? await database.sql.raw("PRAGMA wal_autocheckpoint = 20000").run()
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(200))
                try? await checkpointer.sql.raw("PRAGMA wal_checkpoint(PASSIVE)").run()
            }
        }
    }

    /// Runs `body` with its tasks on the writer's loop.
    public func run<T: Sendable>(_ body: @Sendable () async -> T) async -> T {
        await withTaskExecutorPreference(executor, operation: body)
    }

    public func shutdown() async {
        checkpoints.cancel()
        await checkpoints.value
        await databases.shutdownAsync()
        try? await group.shutdownGracefully()
    }
}
