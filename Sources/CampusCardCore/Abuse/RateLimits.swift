import Foundation

/// Every limit on how often a door may be knocked on, in one place (the SPEC sets none of them:
/// its only number, five wrong initial passwords, is the per-school `SchoolSettings` lock). Each
/// counts requests in fixed windows shared by every server process through the database
/// (`RateLimiter`), right or wrong, per identity and per client address. Generous for real use:
/// a service center's desks or a dormitory share one address behind NAT. A deployment or a test
/// gives other numbers through the server's configuration.
public struct RateLimits: Sendable {
    /// Staff sign-in, API and console form alike, per client address and per username.
    public var signInPerAddress = AttemptLimit(attempts: 60, window: 10 * 60)
    public var signInPerUsername = AttemptLimit(attempts: 20, window: 10 * 60)
    /// Binding, per client address (per channel identity and per card, binding and re-verifying a
    /// phone: `AttemptLimit.binding`, answered `too_many_attempts`).
    public var bindingPerAddress = AttemptLimit(attempts: 60, window: 15 * 60)
    /// Top-up orders opened, per binding and per client address.
    public var topUpPerBinding = AttemptLimit(attempts: 30, window: 10 * 60)
    public var topUpPerAddress = AttemptLimit(attempts: 300, window: 10 * 60)
    /// Wrong passwords in a row that lock a staff account, and for how long; an administrator's
    /// password reset lifts it sooner.
    public var staffWrongPasswords = 5
    public var staffLockout: TimeInterval = 15 * 60
    /// Where a refusal that concerns no school yet (a staff sign-in) tells its time.
    public var timeZone = TimeZone(identifier: "Asia/Shanghai")!

    public init() {}

    public static let standard = RateLimits()
}
