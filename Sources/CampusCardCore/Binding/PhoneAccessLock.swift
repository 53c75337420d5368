import Foundation

/// Wrong initial or payment passwords counted per card: after the school's number of tries the
/// card's phone access is locked for the school's number of minutes (SPEC: 5 tries).
public struct PhoneAccessLock: Equatable, Sendable {
    public var failures: Int
    public var lockedUntil: Date?

    public init(failures: Int = 0, lockedUntil: Date? = nil) {
        self.failures = failures
        self.lockedUntil = lockedUntil
    }

    public func isLocked(at now: Date) -> Bool { lockedUntil.map { $0 > now } ?? false }

    /// The state after one more wrong password. A lock that has run out starts a fresh count.
    public func afterFailure(at now: Date, settings: SchoolSettings) -> PhoneAccessLock {
        let count = (lockedUntil.map { $0 <= now } ?? false) ? 1 : failures + 1
        guard count >= settings.passwordAttemptsBeforeLock else { return PhoneAccessLock(failures: count) }
        return PhoneAccessLock(failures: count, lockedUntil: now.addingTimeInterval(TimeInterval(settings.passwordLockMinutes * 60)))
    }

    /// Tries left before the lock, for the message after a wrong password.
    public func triesLeft(settings: SchoolSettings) -> Int { max(0, settings.passwordAttemptsBeforeLock - failures) }
}
