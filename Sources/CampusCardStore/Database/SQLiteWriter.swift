import Logging
import NIOCore
import NIOPosix
import SQLKit

/// Where SQLite's charges are written. One batch writes at a time (SQLite has one writer), and at
/// the noon rush every step of a batch (each statement's answer, each `await`) waited its turn on
/// event loops busy with the HTTP of sixty-odd tills, then on a worker thread. Here the batches
/// have a connection and an event loop of their own; their tasks run on that loop and SQLite is
/// called on its thread (`SQLiteInlineConnection`), so a batch is one hop in and one hop out.
///
/// The write-ahead log is copied back into the database file by a second connection in the
/// background (a passive checkpoint every 200 ms, which never blocks the writer), not by whichever
/// commit happens to push the log past 1,000 pages: that commit took 15 ms instead of 3. The
/// background never quite finishes (the batches write on meanwhile), and the log starts again
/// from the top only after a checkpoint that does, with no batch writing: the writer's own, past
/// 100,000 pages (400 MB). That one waits for the disk to take the pages the background has not
/// copied yet, 30 to 60 ms during which no batch commits; past 20,000 pages it came every second
/// of the rush, and SQLite's p99 was 55-65 ms instead of 49-50 (one run in three slower either way).
///
/// Other writes (top-ups, the card office) take the file's write lock in turn with the batches,
/// as a second server process on the same file does (`BEGIN IMMEDIATE`).
public final class SQLiteWriter: Sendable {
    private let group: MultiThreadedEventLoopGroup
    private let executor: LoopExecutor
    private let connections: [SQLiteInlineConnection]
    private let checkpoints: Task<Void, Never>
    public let database: StoreDatabase

    public init(path: String, logger: Logger) throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        let (writerLoop, checkpointLoop) = (group.next(), group.next())
        executor = LoopExecutor(writerLoop)
        do {
            // A zero busy timeout: the write lock is taken without parking the loop (`StoreDatabase.transaction`).
            let writer = try SQLiteInlineConnection(
                path: path, on: writerLoop, logger: logger,
                setUp: ["PRAGMA foreign_keys = ON", "PRAGMA busy_timeout = 0", "PRAGMA wal_autocheckpoint = 100000"])
            let checkpointer = try SQLiteInlineConnection(path: path, on: checkpointLoop, logger: logger, setUp: [])
            connections = [writer, checkpointer]
            database = StoreDatabase(connection: writer)
            checkpoints = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(200))
                    try? await checkpointer.raw("PRAGMA wal_checkpoint(PASSIVE)").run()
                }
            }
        } catch {
            try? group.syncShutdownGracefully()
            throw error
        }
    }

    /// Runs `body` with its tasks on the writer's loop.
    public func run<T: Sendable>(_ body: @Sendable () async -> T) async -> T {
        await withTaskExecutorPreference(executor, operation: body)
    }

    public func shutdown() async {
        checkpoints.cancel()
        await checkpoints.value
        for connection in connections { await connection.close() }
        try? await group.shutdownGracefully()
    }
}
