import FluentKit
import Foundation
import PostgresKit
import PostgresNIO
import SQLKit

/// A read the busiest pages make on every visit, written once for both engines with parameters
/// `$1`, `$2`… On PostgreSQL it is a prepared statement, parsed and planned once per connection:
/// for the home page's small reads, parsing and planning were nine tenths of the database's work.
/// On SQLite each `$n` becomes a bound `?`.
public protocol StoreQuery: Sendable {
    static var sql: String { get }
    /// The text SQLite runs, where its functions are named otherwise (`sqliteJSON`).
    static var sqliteSQL: String { get }
    var binds: [StoreQueryValue] { get }
}

extension StoreQuery {
    public static var sqliteSQL: String { sql }

    /// PostgreSQL's JSON builders by their SQLite names; both give JSON text once cast to TEXT.
    static func sqliteJSON(_ text: String) -> String {
        text.replacingOccurrences(of: "json_agg(", with: "json_group_array(")
            .replacingOccurrences(of: "json_build_object(", with: "json_object(")
    }
}

public enum StoreQueryValue: Sendable {
    case text(String)
    case int(Int64)
}

extension SQLDatabase {
    /// The query on this database or connection (inside a transaction), not prepared.
    func rows<Query: StoreQuery>(_ query: Query) async throws -> [any SQLRow] {
        try await raw(StoreDatabase.bound(query, sqlite: dialect.name == "sqlite")).all()
    }
}

extension StoreDatabase {
    /// The query's rows, read the same way whichever engine answered.
    func rows<Query: StoreQuery>(_ query: Query) async throws -> [any SQLRow] {
        guard !isSQLite, let postgres = fluent as? any PostgresDatabase else { return try await sql.rows(query) }
        let logger = postgres.logger
        return try await postgres.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                try connection.ensureOpen()
                var rows: [any SQLRow] = []
                for try await row in try await connection.execute(PreparedStoreQuery(query: query), logger: logger) { rows.append(row) }
                return rows
            }
        }.get()
    }

    func first<Query: StoreQuery>(_ query: Query) async throws -> (any SQLRow)? {
        try await rows(query).first
    }

    /// The query's text with each `$n` a bind of its n-th value, as SQLKit writes binds.
    static func bound<Query: StoreQuery>(_ query: Query, sqlite: Bool) -> SQLQueryString {
        var text = SQLQueryString("")
        var rest = Substring(sqlite ? Query.sqliteSQL : Query.sql)
        while let dollar = rest.firstIndex(of: "$") {
            text.appendLiteral(String(rest[..<dollar]))
            let digits = rest[rest.index(after: dollar)...].prefix(while: \.isNumber)
            guard let n = Int(digits), (1...query.binds.count).contains(n) else {
                preconditionFailure("\(Query.self): $\(digits) has no value")
            }
            switch query.binds[n - 1] {
            case .text(let value): text.appendInterpolation(bind: value)
            case .int(let value): text.appendInterpolation(bind: value)
            }
            rest = rest[digits.endIndex...]
        }
        text.appendLiteral(String(rest))
        return text
    }
}

/// `Query` as PostgresNIO prepares it (named after `Query`'s type, so once per connection).
private struct PreparedStoreQuery<Query: StoreQuery>: PostgresPreparedStatement {
    static var name: String { String(reflecting: Query.self) }
    static var sql: String { Query.sql }
    typealias Row = any SQLRow

    let query: Query

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: query.binds.count)
        for value in query.binds {
            switch value {
            case .text(let text): bindings.append(text)
            case .int(let number): bindings.append(number)
            }
        }
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        row.sql()
    }
}
