import CampusCardCore
import Foundation
import SQLKit

/// What one channel credited in one hour of a school day: the orders and their amount.
public struct HourlyTopUp: Sendable, Equatable {
    public var provider: PaymentProvider
    /// The school's clock hour, 0–23.
    public var hour: Int
    public var count: Int
    public var amount: Money

    public init(provider: PaymentProvider, hour: Int, count: Int, amount: Money) {
        (self.provider, self.hour, self.count, self.amount) = (provider, hour, count, amount)
    }
}

/// A school's credited top-ups by the hour they were ordered and by channel, for one school day
/// and the same weekday a week before, in one statement over the (school, day) index. Days are
/// the orders' own (`local_day`, the school's date when ordered), as reconciliation counts them.
public struct HourlyTopUps: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) {
        self.sql = sql
    }

    public func credited(schoolID: Int64, on day: LocalDate, in timeZone: TimeZone) async throws -> (
        day: [HourlyTopUp], weekBefore: [HourlyTopUp]
    ) {
        let before = day.addingDays(-7)
        let (start, beforeStart) = (day.start(in: timeZone), before.start(in: timeZone))
        // Whole hours since the day's first instant; the school's clock hour is named in Swift, so a
        // day that changes to or from summer time still counts each order in the hour its clock showed.
        let rows = try await sql.raw(
            """
            SELECT local_day, provider,
              (created_at_ms - CASE WHEN local_day = \(bind: day.description) THEN \(bind: start.epochMilliseconds) ELSE \(bind: beforeStart.epochMilliseconds) END) / 3600000 AS elapsed,
              CAST(COUNT(*) AS BIGINT) AS orders, CAST(SUM(amount) AS BIGINT) AS amount
            FROM topup_orders
            WHERE school_id = \(bind: schoolID) AND local_day IN (\(bind: day.description), \(bind: before.description)) AND status = 'credited'
            GROUP BY local_day, provider, elapsed
            """
        ).all()
        var (today, weekBefore): ([HourlyTopUp], [HourlyTopUp]) = ([], [])
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        for row in rows {
            let isToday = try row.decode(column: "local_day", as: String.self) == day.description
            let elapsed = try row.decode(column: "elapsed", as: Int64.self)
            let hour = calendar.component(.hour, from: (isToday ? start : beforeStart).addingTimeInterval(Double(elapsed) * 3600))
            guard let provider = PaymentProvider(rawValue: try row.decode(column: "provider", as: String.self)) else { continue }
            let bucket = HourlyTopUp(
                provider: provider, hour: hour, count: Int(try row.decode(column: "orders", as: Int64.self)),
                amount: Money(fen: try row.decode(column: "amount", as: Int64.self)))
            if isToday { Self.add(bucket, to: &today) } else { Self.add(bucket, to: &weekBefore) }
        }
        return (today.sorted(by: Self.order), weekBefore.sorted(by: Self.order))
    }

    /// Two elapsed hours that a change back from summer time shows as one clock hour are one bucket.
    private static func add(_ bucket: HourlyTopUp, to buckets: inout [HourlyTopUp]) {
        if let i = buckets.firstIndex(where: { $0.provider == bucket.provider && $0.hour == bucket.hour }) {
            buckets[i].count += bucket.count
            buckets[i].amount += bucket.amount
        } else {
            buckets.append(bucket)
        }
    }

    private static func order(_ a: HourlyTopUp, _ b: HourlyTopUp) -> Bool {
        (a.hour, a.provider.rawValue) < (b.hour, b.provider.rawValue)
    }
}
