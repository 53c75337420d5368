import CampusCardCore
import Foundation
import SQLKit

/// The per-card count of wrong initial and payment passwords, and the lock it leads to. Failures
/// are written in a transaction of their own, so a refused attempt still counts.
public struct PhoneAccessLocks: Sendable {
    let db: StoreDatabase

    public init(_ db: StoreDatabase) {
        self.db = db
    }

    public func lock(of cardholderID: Int64, on sql: (any SQLDatabase)? = nil) async throws -> PhoneAccessLock {
        guard
            let row = try await (sql ?? db.sql).raw(
                "SELECT failures, locked_until_ms FROM phone_access_locks WHERE cardholder_id = \(bind: cardholderID)"
            ).first()
        else { return PhoneAccessLock() }
        return PhoneAccessLock(
            failures: try row.decode(column: "failures", as: Int.self),
            lockedUntil: try row.decode(column: "locked_until_ms", as: Int64?.self).map(Date.init(epochMilliseconds:)))
    }

    /// Counts one wrong password and answers with the error the cardholder should see.
    public func failure(of cardholderID: Int64, settings: SchoolSettings, timeZone: TimeZone, at: Date, otherwise: CardError) async throws
        -> CardError
    {
        let next = try await db.transaction { sql in
            // The row is created first so that two concurrent failures both count.
            try await sql.raw(
                """
                INSERT INTO phone_access_locks (cardholder_id, failures, locked_until_ms, updated_at_ms)
                VALUES (\(bind: cardholderID), 0, NULL, \(bind: at.epochMilliseconds)) ON CONFLICT (cardholder_id) DO NOTHING
                """
            ).run()
            try await sql.raw(
                "UPDATE phone_access_locks SET updated_at_ms = \(bind: at.epochMilliseconds) WHERE cardholder_id = \(bind: cardholderID)"
            ).run()
            let next = try await lock(of: cardholderID, on: sql).afterFailure(at: at, settings: settings)
            try await sql.raw(
                """
                UPDATE phone_access_locks SET failures = \(bind: next.failures), locked_until_ms = \(bind: next.lockedUntil?.epochMilliseconds)
                WHERE cardholder_id = \(bind: cardholderID)
                """
            ).run()
            return next
        }
        if let until = next.lockedUntil { return .phoneAccessLocked(until: until, timeZone: timeZone) }
        if otherwise.code == .paymentPasswordWrong { return .paymentPasswordWrong(triesLeft: next.triesLeft(settings: settings)) }
        return otherwise
    }

    /// Refuses while the card is locked.
    public func ensureUnlocked(_ cardholderID: Int64, timeZone: TimeZone, at: Date) async throws {
        let lock = try await lock(of: cardholderID)
        if lock.isLocked(at: at), let until = lock.lockedUntil { throw CardError.phoneAccessLocked(until: until, timeZone: timeZone) }
    }

    /// A right password, or staff unlocking the card: the count starts again.
    public func clear(_ cardholderID: Int64, on sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM phone_access_locks WHERE cardholder_id = \(bind: cardholderID)").run()
    }
}
