import Foundation

/// Where the data lives: an embedded SQLite file (the default, for a laptop) or a PostgreSQL
/// server (`postgres://user:pass@host:port/db`, when a school goes live).
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(url: String)

    public static let defaultSQLitePath = "campuscard.sqlite"

    /// A `postgres://` or `postgresql://` URL, else a SQLite file path.
    public init(_ text: String) {
        let lower = text.lowercased()
        if lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://") {
            self = .postgres(url: text)
        } else {
            self = .sqlite(path: text)
        }
    }

    public var isSQLite: Bool {
        if case .sqlite = self { return true }
        return false
    }

    /// The description never shows a password.
    public var description: String {
        switch self {
        case .sqlite(let path): return "SQLite \(path)"
        case .postgres(let url):
            guard var parts = URLComponents(string: url) else { return "PostgreSQL" }
            if parts.password != nil { parts.password = "***" }
            return "PostgreSQL \(parts.string ?? "")"
        }
    }
}
