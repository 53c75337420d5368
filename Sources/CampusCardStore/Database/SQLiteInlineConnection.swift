import Logging
import NIOCore
import SQLKit
import SQLiteKit
import SQLiteNIO
// SQLiteNIO's own copy of SQLite (its symbols carry a `sqlite_nio_` prefix), so this connection
// and the pool's share one library. It is not a product of sqlite-nio, but every module that
// imports SQLiteNIO can see it.
import VaporCSQLite

/// One SQLite connection that runs each statement on the thread that asks, when that is its own
/// event loop's thread. SQLiteNIO sends every statement to a worker thread and its answer back:
/// two thread wake-ups a statement, about 1.2 ms each on two busy cores, a dozen milliseconds per
/// batch of charges however small. A connection that owns its loop (`SQLiteWriter`'s) can block
/// it instead. Called from elsewhere, a statement goes to the loop and back.
final class SQLiteInlineConnection: SQLDatabase, @unchecked Sendable {
    /// A failed call, with SQLite's (extended) result code and message.
    struct Failure: Error, CustomStringConvertible {
        let code: Int32
        let message: String

        var isBusy: Bool { code & 0xFF == SQLITE_BUSY }
        var description: String { "SQLite error \(code): \(message)" }
    }

    let eventLoop: any EventLoop
    let logger: Logger
    var dialect: any SQLDialect { SQLiteDialect() }
    var version: (any SQLDatabaseReportedVersion)? { nil }
    let queryLogLevel: Logger.Level? = .trace
    /// Touched only on `eventLoop`'s thread, or before the connection is shared (`init`).
    private var handle: OpaquePointer?

    /// Opens the file and runs `setUp` (pragmas) on it.
    init(path: String, on eventLoop: any EventLoop, logger: Logger, setUp: [String]) throws {
        self.eventLoop = eventLoop
        self.logger = logger
        let flags = SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_URI | SQLITE_OPEN_EXRESCODE
        let opened = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard opened == SQLITE_OK else {
            let failure = Failure(code: opened, message: "cannot open \(path)")
            sqlite_nio_sqlite3_close(handle)
            throw failure
        }
        do {
            for statement in setUp { try run(statement, binds: []) { _ in } }
        } catch {
            sqlite_nio_sqlite3_close(handle)
            throw error
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        eventLoop.inEventLoop
            ? eventLoop.makeCompletedFuture { try run(query, onRow) }
            : eventLoop.submit { try self.run(query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        if eventLoop.inEventLoop {
            try run(query, onRow)
        } else {
            try await eventLoop.submit { try self.run(query, onRow) }.get()
        }
    }

    func close() async {
        try? await eventLoop.submit {
            sqlite_nio_sqlite3_close(self.handle)
            self.handle = nil
        }.get()
    }

    private func run(_ query: any SQLExpression, _ onRow: (any SQLRow) -> Void) throws {
        let (text, binds) = serialize(query)
        // The statement only: bound values are what cardholders and staff typed (passport numbers, a
        // terminal's signature), and the log is read by more people than the database.
        if let queryLogLevel { logger.log(level: queryLogLevel, "\(text)", metadata: ["binds": "\(binds.count)"]) }
        let encoder = SQLiteDataEncoder()
        try run(text, binds: try binds.map { try encoder.encode($0) }, onRow)
    }

    private func run(_ text: String, binds: [SQLiteData], _ onRow: (any SQLRow) -> Void) throws {
        guard let handle else { throw Failure(code: SQLITE_MISUSE, message: "connection closed") }
        var statement: OpaquePointer?
        try check(sqlite_nio_sqlite3_prepare_v3(handle, text, -1, 0, &statement, nil))
        defer { sqlite_nio_sqlite3_finalize(statement) }
        for (offset, bind) in binds.enumerated() { try check(Self.bind(bind, at: Int32(offset + 1), in: statement)) }
        let columns = (0..<sqlite_nio_sqlite3_column_count(statement)).map {
            sqlite_nio_sqlite3_column_name(statement, $0).map { String(cString: $0) } ?? ""
        }
        while true {
            let stepped = sqlite_nio_sqlite3_step(statement)
            guard stepped == SQLITE_ROW else {
                if stepped != SQLITE_DONE { try check(stepped) }
                return
            }
            onRow(Row(columns: columns, values: try columns.indices.map { try Self.value(at: Int32($0), in: statement) }))
        }
    }

    private func check(_ code: Int32) throws {
        guard code == SQLITE_OK else {
            throw Failure(code: code, message: sqlite_nio_sqlite3_errmsg(handle).map { String(cString: $0) } ?? "unknown")
        }
    }

    private static func bind(_ value: SQLiteData, at index: Int32, in statement: OpaquePointer?) -> Int32 {
        // SQLITE_TRANSIENT: SQLite copies the bytes, which live only for this call.
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        switch value {
        case .integer(let integer): return sqlite_nio_sqlite3_bind_int64(statement, index, Int64(integer))
        case .float(let double): return sqlite_nio_sqlite3_bind_double(statement, index, double)
        case .text(let text):
            return sqlite_nio_sqlite3_bind_text64(statement, index, text, UInt64(text.utf8.count), transient, UInt8(SQLITE_UTF8))
        case .blob(let bytes):
            return bytes.withUnsafeReadableBytes {
                sqlite_nio_sqlite3_bind_blob64(statement, index, $0.baseAddress, UInt64($0.count), transient)
            }
        case .null: return sqlite_nio_sqlite3_bind_null(statement, index)
        }
    }

    private static func value(at column: Int32, in statement: OpaquePointer?) throws -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, column)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(statement, column))
        case SQLITE_TEXT: return .text(sqlite_nio_sqlite3_column_text(statement, column).map { String(cString: $0) } ?? "")
        case SQLITE_BLOB:
            let count = Int(sqlite_nio_sqlite3_column_bytes(statement, column))
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            if let bytes = sqlite_nio_sqlite3_column_blob(statement, column) {
                buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: count))
            }
            return .blob(buffer)
        default: return .null
        }
    }

    /// A row's values, read off the statement before it steps on.
    struct Row: SQLRow {
        let columns: [String]
        let values: [SQLiteData]

        var allColumns: [String] { columns }

        func contains(column: String) -> Bool { columns.contains(column) }

        func decodeNil(column: String) throws -> Bool { (value(column) ?? .null) == .null }

        func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
            guard let value = value(column) else { throw Failure(code: SQLITE_ERROR, message: "no column \(column) in the row") }
            return try SQLiteDataDecoder().decode(D.self, from: value)
        }

        private func value(_ column: String) -> SQLiteData? {
            columns.firstIndex(of: column).map { values[$0] }
        }
    }
}
