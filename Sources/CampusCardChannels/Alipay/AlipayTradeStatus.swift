/// `trade_status` of an Alipay trade.
public enum AlipayTradeStatus: String, Sendable, Codable, CaseIterable {
    case waitBuyerPay = "WAIT_BUYER_PAY"
    case tradeClosed = "TRADE_CLOSED"
    case tradeSuccess = "TRADE_SUCCESS"
    /// Paid and past the refund window; Alipay notifies again after `TRADE_SUCCESS`.
    case tradeFinished = "TRADE_FINISHED"

    /// Whether the buyer's money has arrived: `TRADE_SUCCESS` and `TRADE_FINISHED` both mean paid.
    public var isPaid: Bool { self == .tradeSuccess || self == .tradeFinished }
}
