import Foundation

/// A channel's trade bill for one day (T+1), reduced to what reconciliation compares: each
/// payment and refund by our order number, in fen.
public struct TradeBill: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public enum Kind: String, Sendable {
            case payment
            /// A refund of an earlier payment; it names the payment's order number, so it is kept
            /// apart from the payments lest it read as a second payment of that order.
            case refund
        }

        public var kind: Kind
        /// Our `out_trade_no` (商户订单号).
        public var orderNo: String
        /// The channel's trade number (支付宝交易号, 微信订单号).
        public var channelTradeNo: String
        /// The order amount (订单金额); for a refund, the amount refunded.
        public var amountFen: Int64
        /// The channel's service fee (服务费, 手续费), positive; for a refund, the fee returned.
        public var feeFen: Int64

        public init(kind: Kind, orderNo: String, channelTradeNo: String, amountFen: Int64, feeFen: Int64) {
            (self.kind, self.orderNo, self.channelTradeNo, self.amountFen, self.feeFen) = (kind, orderNo, channelTradeNo, amountFen, feeFen)
        }
    }

    public var lines: [Line]

    public init(lines: [Line]) {
        self.lines = lines
    }

    public var payments: [Line] { lines.filter { $0.kind == .payment } }
    public var refunds: [Line] { lines.filter { $0.kind == .refund } }

    /// A bill's amount in fen: yuan with a sign and up to five places (WeChat Pay writes fees as
    /// "0.00600"), rounded half away from zero to the fen, as the channels settle fees.
    static func fen(_ text: String, column: String) throws -> Int64 {
        let negative = text.hasPrefix("-")
        let digits = negative ? String(text.dropFirst()) : text
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty, parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
            parts[0].count <= 12, parts.count == 1 || (1...5).contains(parts[1].count)
        else { throw ChannelError.malformedAmount("\(column): \(text)") }
        let fraction = parts.count == 2 ? String(parts[1]).padding(toLength: 5, withPad: "0", startingAt: 0) : "00000"
        let thousandthsOfFen = Int64(parts[0])! * 100_000 + Int64(fraction)!
        let fen = (thousandthsOfFen + 500) / 1_000
        return negative ? -fen : fen
    }

    /// The same amount as a bill writes it, for the sandbox: yuan with `places` places.
    static func yuan(_ fen: Int64, places: Int = 2) -> String {
        let sign = fen < 0 ? "-" : ""
        let magnitude = fen.magnitude
        let cents = String(magnitude % 100).leftPadded(to: 2)
        return "\(sign)\(magnitude / 100).\(cents)\(String(repeating: "0", count: max(0, places - 2)))"
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
