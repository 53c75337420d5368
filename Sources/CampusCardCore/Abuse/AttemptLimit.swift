import Foundation

/// How many binding and verification attempts one channel identity, or one card, may make in a
/// window, right or wrong: guessing through many cards or many identities is slowed down before
/// the per-card password lock is ever reached.
public struct AttemptLimit: Sendable {
    public var attempts: Int
    public var window: TimeInterval

    public init(attempts: Int, window: TimeInterval) {
        self.attempts = attempts
        self.window = window
    }

    public static let binding = AttemptLimit(attempts: 10, window: 15 * 60)
}
