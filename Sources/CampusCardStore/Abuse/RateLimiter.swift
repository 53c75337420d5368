import CampusCardCore
import Foundation
import SQLKit

/// Counts requests per key in fixed windows, in the database: every server process adds to the
/// same rows, so two processes behind one address see one count. One statement per request,
/// whatever the number of keys: an upsert that adds one to each and returns the counts.
public struct RateLimiter: Sendable {
    let db: StoreDatabase

    public init(_ db: StoreDatabase) {
        self.db = db
    }

    /// Counts this request under each counter, or refuses it for the first counter whose window
    /// is used up, saying when that window ends. A refused request counts too: a flood stays
    /// refused until its window ends, and no longer (the window is fixed).
    public func admit(_ counters: [RateCounter], at: Date, timeZone: TimeZone) async throws {
        guard !counters.isEmpty else { return }
        let now = at.epochMilliseconds
        let rows: [SQLQueryString] = counters.map { counter in
            let window = Int64(counter.limit.window * 1000)
            let start = now - now % window
            return "(\(bind: counter.key), \(bind: start), \(bind: start + window), 1)"
        }
        let counts = try await db.sql.raw(
            """
            INSERT INTO rate_limits (subject, window_start_ms, ends_at_ms, count) VALUES \(rows.joined(separator: ", "))
            ON CONFLICT (subject, window_start_ms) DO UPDATE SET count = rate_limits.count + 1
            RETURNING subject, count, ends_at_ms
            """
        ).all()
        var over: [String: Date] = [:]
        for row in counts {
            let subject = try row.decode(column: "subject", as: String.self)
            guard let counter = counters.first(where: { $0.key == subject }),
                try row.decode(column: "count", as: Int64.self) > Int64(counter.limit.attempts)
            else { continue }
            over[subject] = Date(epochMilliseconds: try row.decode(column: "ends_at_ms", as: Int64.self))
        }
        // The first counter over its limit, in the caller's order (rows come back in any).
        if let counter = counters.first(where: { over[$0.key] != nil }), let until = over[counter.key] {
            throw CardError.tooManyRequests(counter, until: until, at: at, timeZone: timeZone)
        }
    }

    /// Forgets windows that have ended.
    public func purge(before: Date) async throws {
        try await db.sql.raw("DELETE FROM rate_limits WHERE ends_at_ms <= \(bind: before.epochMilliseconds)").run()
    }
}
