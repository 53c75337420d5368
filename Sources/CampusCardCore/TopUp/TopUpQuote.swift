import Foundation

/// The kinds of top-up (SPEC "Top-up"): a preset paid at once, an amount of one's own, or the
/// bank's automatic debit when the balance runs low.
public enum TopUpKind: String, Codable, Sendable, CaseIterable {
    case quick
    case custom
    case auto
}

/// What a top-up costs and brings, worked out before the cardholder pays and shown to them:
/// the amount credited to the purse, the fee, and what they pay.
///
/// The fee is the school's basis points of the amount, rounded half up to the fen (¥50 at 0.3%
/// is ¥0.15; ¥0.005 rounds up to ¥0.01). When the cardholder bears it they pay amount + fee and
/// the purse gets the amount; when the school bears it they pay the amount and no fee is taken.
public struct TopUpQuote: Equatable, Sendable {
    public var kind: TopUpKind
    public var amount: Money
    public var fee: Money
    public var payable: Money

    public init(kind: TopUpKind, amount: Money, settings: SchoolSettings) throws(CardError) {
        guard amount.isPositive else { throw .invalidAmount(amount.yuanString) }
        switch kind {
        case .quick:
            guard settings.quickTopUpPresets.contains(amount) else { throw .topUpAmountNotOffered(amount, settings: settings) }
        case .custom:
            guard amount >= settings.customTopUpMinimum, amount <= settings.customTopUpMaximum,
                settings.customTopUpMultiple.map({ amount.fen % $0.fen == 0 }) ?? true
            else { throw .topUpAmountNotOffered(amount, settings: settings) }
        case .auto:
            break
        }
        guard amount <= settings.singleTopUpLimit else { throw .topUpSingleLimit(settings.singleTopUpLimit) }
        self.kind = kind
        self.amount = amount
        let fee = kind == .quick && settings.feePayer == .cardholder ? amount.share(basisPoints: settings.quickTopUpFeeBasisPoints) : .zero
        self.fee = fee
        payable = Money(fen: amount.fen + fee.fen)
    }

    /// When the money should be on the card, in minutes after payment: at once for a preset,
    /// the school's 1–3 minutes for a custom amount, longer in the peak hours (08:00, 12:00).
    public static func arrivalMinutes(_ kind: TopUpKind, at instant: Date, timeZone: TimeZone, settings: SchoolSettings) -> ClosedRange<Int>
    {
        guard kind == .custom else { return 0...0 }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let extra = settings.peakHours.contains(calendar.component(.hour, from: instant)) ? settings.peakExtraArrivalMinutes : 0
        return (settings.customArrivalMinutes.lowerBound + extra)...(settings.customArrivalMinutes.upperBound + extra)
    }
}

/// Where an order is; the cardholder can always see it.
public enum TopUpOrderStatus: String, Codable, Sendable, CaseIterable {
    /// Recorded, its limit reserved; the channel has not yet been asked for a payment.
    case created
    /// The channel holds a payment request for it.
    case awaitingPayment = "awaiting_payment"
    /// The channel says it is paid but the purse could not take it (frozen after leaving): the
    /// service center pays it out. Usually payment and credit are one transaction and this
    /// state is never seen.
    case paid
    /// Paid and credited to the purse, once.
    case credited
    /// The channel refused it (a bank's refusal, a closed trade); the reason says which.
    case failed
    /// Unpaid until it expired, or closed; its limit is released.
    case closed

    /// Still holding part of the day's limit.
    public var holdsLimit: Bool { self != .failed && self != .closed }

    /// Those a payment notice may still credit: waiting for it, or closed or failed before it
    /// came (a late payment is still the cardholder's money). Any other has been settled.
    public static let creditable: [TopUpOrderStatus] = [.created, .awaitingPayment, .closed, .failed]
}
