import Foundation

/// Refusals that slow guessing and flooding down: each says until when, and is told apart from
/// the binding's attempt lock (`too_many_attempts`) and the card's phone lock.
extension CardError {
    /// A rate limit's window is used up; `until`: when the window ends.
    public static func tooManyRequests(_ counter: RateCounter, until: Date, at now: Date, timeZone: TimeZone) -> CardError {
        let seconds = max(1, Int(until.timeIntervalSince(now).rounded(.up)))
        let minutes = Int(counter.limit.window / 60)
        let text = localMinute(until, timeZone)
        return CardError(
            .tooManyRequests,
            zh: "\(counter.door.zh)过于频繁：\(counter.per.zh)每\(minutes)分钟最多\(counter.limit.attempts)次。请于 \(text) 后再试。",
            en:
                "Too many \(counter.door.en) requests: at most \(counter.limit.attempts) every \(minutes) minutes \(counter.per.en). Try again after \(text).",
            details: [
                "retry_after_seconds": String(seconds), "limit": "\(counter.door.rawValue)_per_\(counter.per.rawValue)",
                "attempts": String(counter.limit.attempts), "window_minutes": String(minutes),
                "retry_at": ISO8601DateFormatter().string(from: until), "retry_at_local": text,
            ])
    }

    /// Too many wrong passwords in a row for one staff account.
    public static func staffSignInLocked(until: Date, at now: Date, wrongPasswords: Int, timeZone: TimeZone) -> CardError {
        let text = localMinute(until, timeZone)
        return CardError(
            .signInLocked,
            zh: "密码连续错误\(wrongPasswords)次，此账号已锁定至 \(text)。届时可重试，或请管理员重置密码。",
            en:
                "\(wrongPasswords) wrong passwords in a row: this account is locked until \(text). Try again then, or ask an administrator to reset the password.",
            details: [
                "retry_after_seconds": String(max(1, Int(until.timeIntervalSince(now).rounded(.up)))),
                "locked_until": ISO8601DateFormatter().string(from: until), "locked_until_local": text,
            ])
    }
}
