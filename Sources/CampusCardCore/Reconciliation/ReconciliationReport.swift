import Foundation

/// One school's day with one channel: what we credited against what the channel says it took,
/// order by order, and every difference, for the card office to settle (SPEC: paid top-ups
/// are never lost, and nothing is counted twice).
public struct ReconciliationReport: Sendable, Equatable {
    /// What the channel says of one order when asked.
    public enum ChannelView: Sendable, Equatable {
        case paid(Money)
        case unpaid
        case closed
        case unknown
        case unreachable
    }

    public struct Line: Sendable, Equatable {
        public var orderNo: String
        public var status: TopUpOrderStatus
        public var payable: Money
        public var fee: Money
        public var channel: ChannelView

        public init(orderNo: String, status: TopUpOrderStatus, payable: Money, fee: Money, channel: ChannelView) {
            (self.orderNo, self.status, self.payable, self.fee, self.channel) = (orderNo, status, payable, fee, channel)
        }
    }

    public struct Difference: Sendable, Equatable {
        public enum Kind: String, Sendable {
            /// The channel took the money and the purse has not got it (yet): the reconciler credits it.
            case paidNotCredited = "paid_not_credited"
            /// Credited, and the channel does not show the payment.
            case creditedNotPaid = "credited_not_paid"
            case amountMismatch = "amount_mismatch"
            /// The channel's service fee in its bill is not what the school's rate expects.
            case feeMismatch = "fee_mismatch"
            case channelUnreachable = "channel_unreachable"
            /// A notification we refused (forged, altered, wrong amount, unknown order).
            case refusedNotification = "refused_notification"
        }
        public var kind: Kind
        public var orderNo: String?
        public var detail: String

        public init(kind: Kind, orderNo: String?, detail: String) {
            (self.kind, self.orderNo, self.detail) = (kind, orderNo, detail)
        }
    }

    public var day: LocalDate
    public var provider: PaymentProvider
    public var lines: [Line]
    public var differences: [Difference]
    /// The day's trade bill as reconciled (`BillCheck`); nil until it was downloaded. Its
    /// differences are among `differences`.
    public var bill: BillCheck?

    public init(
        day: LocalDate, provider: PaymentProvider, lines: [Line], refusedNotifications: [(orderNo: String?, detail: String)],
        bill: BillCheck? = nil
    ) {
        self.day = day
        self.provider = provider
        self.lines = lines
        self.bill = bill
        var differences: [Difference] = []
        for line in lines {
            let credited = line.status == .credited || line.status == .paid
            switch line.channel {
            case .paid(let amount) where amount != line.payable:
                differences.append(
                    .init(
                        kind: .amountMismatch, orderNo: line.orderNo,
                        detail: "ours \(line.payable.yuanString), channel \(amount.yuanString)"))
            case .paid where !credited:
                differences.append(.init(kind: .paidNotCredited, orderNo: line.orderNo, detail: line.payable.yuanString))
            case .unpaid where credited, .closed where credited, .unknown where credited:
                differences.append(.init(kind: .creditedNotPaid, orderNo: line.orderNo, detail: line.payable.yuanString))
            case .unreachable:
                differences.append(.init(kind: .channelUnreachable, orderNo: line.orderNo, detail: "not asked"))
            default:
                break
            }
        }
        differences += refusedNotifications.map { Difference(kind: .refusedNotification, orderNo: $0.orderNo, detail: $0.detail) }
        differences += (bill?.differences ?? []).map { Difference(kind: $0.kind, orderNo: $0.orderNo, detail: $0.detail) }
        self.differences = differences
    }

    private var credited: [Line] { lines.filter { $0.status == .credited || $0.status == .paid } }
    public var creditedCount: Int { credited.count }
    public var creditedTotal: Money { Money(fen: credited.reduce(0) { $0 + $1.payable.fen }) }
    public var fees: Money { Money(fen: credited.reduce(0) { $0 + $1.fee.fen }) }
    public var channelPaidCount: Int { lines.filter { if case .paid = $0.channel { true } else { false } }.count }
    public var channelPaidTotal: Money {
        Money(fen: lines.reduce(0) { if case .paid(let amount) = $1.channel { $0 + amount.fen } else { $0 } })
    }

    /// The report as CSV: a summary line, then each difference.
    public var csv: String {
        var lines = [
            "日期 day,渠道 channel,我方笔数 credited,我方金额 credited total,手续费 fees,渠道笔数 channel paid,渠道金额 channel total,差异数 differences",
            [
                day.description, provider.rawValue, String(creditedCount), creditedTotal.yuanString, fees.yuanString,
                String(channelPaidCount),
                channelPaidTotal.yuanString, String(differences.count),
            ].joined(separator: ","),
            "",
        ]
        if let bill {
            lines += [
                "账单 bill,状态 state,笔数 payments,金额 total,退款笔数 refunds,退款金额 refunded,渠道手续费 channel fees",
                [
                    "T+1", bill.state.rawValue, String(bill.payments), bill.paymentsTotal.yuanString, String(bill.refunds),
                    bill.refundsTotal.yuanString, bill.fees.yuanString,
                ].joined(separator: ","),
                "",
            ]
        }
        lines.append("差异 difference,订单号 order,说明 detail")
        lines += differences.map { [$0.kind.rawValue, $0.orderNo ?? "", $0.detail].map(StatementCSV.field).joined(separator: ",") }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }
}
