import FluentKit

/// Fluent's SQLite driver keeps one connection per event loop, and a write transaction (a batch
/// of charges) holds its loop's connection to the end: every read on that loop (the terminal
/// lookups every POS request starts with) waited behind it. Here several such drivers share the
/// loops and each database handle takes one of them, so a loop has `drivers` connections; WAL
/// lets the readers run beside the one writer.
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

    struct Driver: DatabaseDriver {
        let pools: [any DatabaseDriver]

        func makeDatabase(with context: DatabaseContext) -> any Database {
            pools.randomElement()!.makeDatabase(with: context)
        }

        func shutdown() {
            for pool in pools { pool.shutdown() }
        }

        func shutdownAsync() async {
            for pool in pools { await pool.shutdownAsync() }
        }
    }
}
