/// `trade_state` of a WeChat Pay transaction.
public enum WeChatPayTradeState: String, Sendable, Codable, CaseIterable {
    case success = "SUCCESS"
    /// Paid, then (partly) refunded.
    case refund = "REFUND"
    case notPay = "NOTPAY"
    case closed = "CLOSED"
    /// Cancelled (payment-code payments only).
    case revoked = "REVOKED"
    /// Waiting for the payer to enter a password (payment-code payments only).
    case userPaying = "USERPAYING"
    case payError = "PAYERROR"
}
