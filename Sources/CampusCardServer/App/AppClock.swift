import Foundation
import Vapor

/// The time, injected: every date rule is tested by setting it, never by waiting.
public struct AppClock: Sendable {
    public var now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    public static let system = AppClock { Date() }
}

extension Application {
    private struct ClockKey: StorageKey {
        typealias Value = AppClock
    }

    public var clock: AppClock {
        get { storage[ClockKey.self] ?? .system }
        set { storage[ClockKey.self] = newValue }
    }
}

extension Request {
    /// The application's time (a test's clock, or the system's).
    public var now: Date { application.clock.now() }
}
