import CampusCardCore
import Foundation
import SQLKit

/// The T+1 bill checks as stored (`bill_checks`, `bill_differences`): a claim row per school,
/// channel and day, so that of several processes one does each check, and its outcome written
/// in one transaction with its differences.
public struct BillChecks: Sendable {
    let db: StoreDatabase

    public init(_ db: StoreDatabase) {
        self.db = db
    }

    /// Which check: a school's day with one channel.
    public struct Key: Sendable, Equatable {
        public var schoolID: Int64
        public var provider: PaymentProvider
        public var day: LocalDate

        public init(schoolID: Int64, provider: PaymentProvider, day: LocalDate) {
            (self.schoolID, self.provider, self.day) = (schoolID, provider, day)
        }
    }

    /// Takes the check for this process. The first claim creates the row; after that a failed
    /// check is claimed again once its wait is over, one left `running` by a process that died
    /// after `lease`, and, with `again` (an operator's rerun), a finished one. False: done, waiting,
    /// or someone else is on it.
    public func claim(_ key: Key, at now: Date, lease: TimeInterval, again: Bool = false) async throws -> Bool {
        let created = try await db.sql.raw(
            """
            INSERT INTO bill_checks (school_id, provider, local_day, state, attempts, claimed_at_ms, payments, payments_fen, refunds,
                refunds_fen, fees_fen)
            VALUES (\(bind: key.schoolID), \(bind: key.provider.rawValue), \(bind: key.day.description),
                \(bind: BillCheck.State.running.rawValue), 1, \(bind: now.epochMilliseconds), 0, 0, 0, 0, 0)
            ON CONFLICT DO NOTHING RETURNING school_id
            """
        ).first()
        if created != nil { return true }
        let stale = now.addingTimeInterval(-lease).epochMilliseconds
        return try await db.sql.raw(
            """
            UPDATE bill_checks SET state = \(bind: BillCheck.State.running.rawValue), attempts = attempts + 1,
                claimed_at_ms = \(bind: now.epochMilliseconds)
            WHERE \(key.rows)
                AND ((state = \(bind: BillCheck.State.failed.rawValue) AND (retry_at_ms <= \(bind: now.epochMilliseconds) OR \(bind: again)))
                    OR (state = \(bind: BillCheck.State.running.rawValue) AND claimed_at_ms <= \(bind: stale))
                    OR (state = \(bind: BillCheck.State.done.rawValue) AND \(bind: again)))
            RETURNING school_id
            """
        ).first() != nil
    }

    /// The check done: the bill's totals and the differences, added to those of earlier runs (a
    /// rerun finds the orders it credited credited, and the first run's record of it stays).
    public func finish(_ key: Key, _ check: BillCheck, at now: Date) async throws {
        try await db.transaction { sql in
            for difference in check.differences {
                try await sql.raw(
                    """
                    INSERT INTO bill_differences (school_id, provider, local_day, kind, order_no, ours_fen, channel_fen, action, recorded_at_ms)
                    VALUES (\(bind: key.schoolID), \(bind: key.provider.rawValue), \(bind: key.day.description),
                        \(bind: difference.kind.rawValue), \(bind: difference.orderNo), \(bind: difference.ours?.fen),
                        \(bind: difference.channel?.fen), \(bind: difference.action.rawValue), \(bind: now.epochMilliseconds))
                    ON CONFLICT DO NOTHING
                    """
                ).run()
            }
            try await sql.raw(
                """
                UPDATE bill_checks SET state = \(bind: BillCheck.State.done.rawValue), finished_at_ms = \(bind: now.epochMilliseconds),
                    retry_at_ms = NULL, error = NULL, payments = \(bind: check.payments), payments_fen = \(bind: check.paymentsTotal.fen),
                    refunds = \(bind: check.refunds), refunds_fen = \(bind: check.refundsTotal.fen), fees_fen = \(bind: check.fees.fen)
                WHERE \(key.rows)
                """
            ).run()
        }
    }

    /// The check failed: tried again after a wait that doubles with each attempt, up to `longestWait`.
    @discardableResult
    public func fail(_ key: Key, error: String, at now: Date, firstWait: TimeInterval = 600, longestWait: TimeInterval = 6 * 3600)
        async throws -> Date
    {
        let attempts =
            try await db.sql.raw("SELECT attempts FROM bill_checks WHERE \(key.rows)").first(decodingColumn: "attempts", as: Int64.self)
            ?? 1
        let retryAt = now.addingTimeInterval(min(longestWait, firstWait * pow(2, Double(min(attempts, 20) - 1))))
        try await db.sql.raw(
            """
            UPDATE bill_checks SET state = \(bind: BillCheck.State.failed.rawValue), error = \(bind: String(error.prefix(500))),
                retry_at_ms = \(bind: retryAt.epochMilliseconds)
            WHERE \(key.rows)
            """
        ).run()
        return retryAt
    }

    /// The check as stored, with its differences; nil if it never started.
    public func check(_ key: Key) async throws -> BillCheck? {
        guard let row = try await db.sql.raw("SELECT * FROM bill_checks WHERE \(key.rows)").first() else { return nil }
        let differences = try await db.sql.raw(
            "SELECT kind, order_no, ours_fen, channel_fen, action FROM bill_differences WHERE \(key.rows) ORDER BY kind, order_no"
        ).all().map { row in
            BillCheck.Difference(
                kind: ReconciliationReport.Difference.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .amountMismatch,
                orderNo: try row.decode(column: "order_no", as: String.self),
                ours: try row.decode(column: "ours_fen", as: Int64?.self).map(Money.init(fen:)),
                channel: try row.decode(column: "channel_fen", as: Int64?.self).map(Money.init(fen:)),
                action: BillCheck.Difference.Action(rawValue: try row.decode(column: "action", as: String.self)) ?? .reported)
        }
        let instant = { (column: String) in try row.decode(column: column, as: Int64?.self).map(Date.init(epochMilliseconds:)) }
        return BillCheck(
            day: key.day, provider: key.provider,
            state: BillCheck.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .failed,
            attempts: Int(try row.decode(column: "attempts", as: Int64.self)), error: try row.decode(column: "error", as: String?.self),
            retryAt: try instant("retry_at_ms"), finishedAt: try instant("finished_at_ms"),
            payments: Int(try row.decode(column: "payments", as: Int64.self)),
            paymentsTotal: Money(fen: try row.decode(column: "payments_fen", as: Int64.self)),
            refunds: Int(try row.decode(column: "refunds", as: Int64.self)),
            refundsTotal: Money(fen: try row.decode(column: "refunds_fen", as: Int64.self)),
            fees: Money(fen: try row.decode(column: "fees_fen", as: Int64.self)), differences: differences)
    }
}

extension BillChecks.Key {
    /// The condition naming this check's rows.
    fileprivate var rows: SQLQueryString {
        "school_id = \(bind: schoolID) AND provider = \(bind: provider.rawValue) AND local_day = \(bind: day.description)"
    }
}
