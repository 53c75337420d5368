import Foundation

/// One school day's trade bill from one channel (T+1), set against our top-up orders: how far
/// it got, what the bill held, and each difference with what was done about it.
public struct BillCheck: Sendable, Equatable {
    public enum State: String, Sendable {
        /// Claimed by a process (the upkeep's or an operator's) that is working on it.
        case running
        case done
        /// The bill could not be had or read; the upkeep tries again at `retryAt`.
        case failed
    }

    /// One order where the bill and our record disagree.
    public struct Difference: Sendable, Equatable {
        public enum Action: String, Sendable {
            /// Credited through the normal crediting path (exactly once).
            case credited
            /// Found credited when crediting it (its notification came meanwhile).
            case alreadyCredited = "already_credited"
            /// Left to the card office: listed only.
            case reported
        }

        public var kind: ReconciliationReport.Difference.Kind
        public var orderNo: String
        /// What we recorded: the amount payable, or the channel fee our settings expect.
        public var ours: Money?
        /// What the bill says.
        public var channel: Money?
        public var action: Action

        public init(kind: ReconciliationReport.Difference.Kind, orderNo: String, ours: Money?, channel: Money?, action: Action) {
            (self.kind, self.orderNo, self.ours, self.channel, self.action) = (kind, orderNo, ours, channel, action)
        }

        /// How the report lists it: both amounts and what was done (no comma: a CSV field as it is).
        public var detail: String {
            let action =
                switch action {
                case .credited: "已补入账 credited"
                case .alreadyCredited: "已入账 already credited"
                case .reported: "待处理 reported"
                }
            return "账单 bill: 我方 ours \(ours?.yuanString ?? "—") / 渠道 channel \(channel?.yuanString ?? "—") / \(action)"
        }
    }

    public var day: LocalDate
    public var provider: PaymentProvider
    public var state: State
    public var attempts: Int
    public var error: String?
    public var retryAt: Date?
    public var finishedAt: Date?
    /// The bill's payments and refunds (refunds are counted, never matched as payments).
    public var payments: Int
    public var paymentsTotal: Money
    public var refunds: Int
    public var refundsTotal: Money
    public var fees: Money
    public var differences: [Difference]

    public init(
        day: LocalDate, provider: PaymentProvider, state: State, attempts: Int = 0, error: String? = nil, retryAt: Date? = nil,
        finishedAt: Date? = nil, payments: Int = 0, paymentsTotal: Money = .zero, refunds: Int = 0, refundsTotal: Money = .zero,
        fees: Money = .zero, differences: [Difference] = []
    ) {
        (self.day, self.provider, self.state, self.attempts, self.error, self.retryAt) = (day, provider, state, attempts, error, retryAt)
        (self.finishedAt, self.payments, self.paymentsTotal, self.refunds, self.refundsTotal) = (
            finishedAt, payments, paymentsTotal, refunds, refundsTotal
        )
        (self.fees, self.differences) = (fees, differences)
    }
}
