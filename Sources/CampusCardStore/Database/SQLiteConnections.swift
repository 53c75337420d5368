import FluentKit
import Synchronization

/// Fluent's SQLite driver keeps one connection per event loop, and a write transaction (a batch
/// of charges) holds its loop's connection to the end: every read on that loop (the terminal
/// lookups every POS request starts with) waited behind it. Here several such drivers share the
/// loops and database handles take them in turn, so a loop has `drivers` connections; WAL lets
/// the readers run beside the one writer.
struct SQLiteConnections: DatabaseConfiguration {
    var sqlite: any DatabaseConfiguration
    let drivers: Int

    var middleware: [any AnyModelMiddleware] {
        get { sqlite.middleware }
        set { sqlite.middleware = newValue }
    }

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        Driver(pools: (0..<drivers).map { _ in sqlite.makeDriver(for: databases) })
    }

    final class Driver: DatabaseDriver {
        let pools: [any DatabaseDriver]
        private let turn = Atomic<UInt>(0)

        init(pools: [any DatabaseDriver]) {
            self.pools = pools
        }

        func makeDatabase(with context: DatabaseContext) -> any Database {
            let taken = turn.wrappingAdd(1, ordering: .relaxed).oldValue
            return pools[Int(taken % UInt(pools.count))].makeDatabase(with: context)
        }

        func shutdown() {
            for pool in pools { pool.shutdown() }
        }

        func shutdownAsync() async {
            for pool in pools { await pool.shutdownAsync() }
        }
    }
}
