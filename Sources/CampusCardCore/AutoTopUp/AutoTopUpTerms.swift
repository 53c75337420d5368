import Foundation

/// Where a cardholder's auto top-up agreement (自动代扣协议) stands.
public enum AutoTopUpStatus: String, Codable, Sendable, CaseIterable {
    /// The bank verified the card and gave its token; waiting for the payment password and face to sign.
    case opened
    /// Signed: a spend that leaves the purse below the threshold starts one debit.
    case active
    /// Paused by the cardholder, or by too many failed debits in a row; resumed at will.
    case paused
    case cancelled
    /// Past its yearly renewal: triggers nothing until signed again.
    case expired

    /// Still the cardholder's agreement (shown, changed); the others are history.
    public var isCurrent: Bool { self == .opened || self == .active || self == .paused }
}

/// The dates the auto top-up rules (SPEC "Top-up") turn on, in the school's local time.
public struct AutoTopUpTerms: Sendable {
    public var settings: SchoolSettings
    public var timeZone: TimeZone

    public init(settings: SchoolSettings, timeZone: TimeZone) {
        (self.settings, self.timeZone) = (settings, timeZone)
    }

    /// The last day a debit made on `day` may be refunded: the setting's day of the next month.
    public func refundLastDay(debitedOn day: LocalDate) -> LocalDate {
        let next = day.adding(months: 1)
        return LocalDate(year: next.year, month: next.month, day: settings.autoTopUpRefundDeadlineDay) ?? next
    }

    /// Whether a debit of `day` may still be refunded at `now`: through the whole last day.
    public func refundable(debitedOn day: LocalDate, at now: Date) -> Bool {
        LocalDate(now, in: timeZone) <= refundLastDay(debitedOn: day)
    }

    /// When an agreement signed at `signedAt` expires: the first day of the next renewal month
    /// after signing (signed in March: 1 September; signed on 2 September: 1 September next year).
    public func expiry(signedAt: Date) -> Date {
        let signed = LocalDate(signedAt, in: timeZone)
        let month = settings.autoTopUpRenewalMonth
        let year = signed.month < month ? signed.year : signed.year + 1
        return (LocalDate(year: year, month: month, day: 1) ?? signed.adding(months: 12)).start(in: timeZone)
    }

    /// The reminder before expiry: the first day of the month before it (August for September).
    public func reminder(before expiry: Date) -> Date {
        LocalDate(expiry, in: timeZone).adding(months: -1).start(in: timeZone)
    }

    /// How long to wait after the `failures`-th failure in a row before trying again.
    public func retryWait(afterFailures failures: Int) -> TimeInterval {
        let waits = settings.autoTopUpRetryMinutes
        guard let last = waits.last else { return 3600 }
        return TimeInterval((failures >= 1 && failures <= waits.count ? waits[failures - 1] : last) * 60)
    }

    /// A cardholder's threshold and amount, checked against the school's bounds.
    public func check(threshold: Money, amount: Money) throws(CardError) {
        guard threshold.isPositive, threshold <= settings.autoTopUpMaxThreshold, amount >= Self.minimumAmount,
            amount <= settings.autoTopUpMaxAmount, amount <= settings.singleTopUpLimit
        else {
            throw .autoTopUpOutOfBounds(settings: settings)
        }
    }

    /// An auto-debit smaller than this is not worth the bank's fee.
    public static let minimumAmount = Money.yuan(10)
}
