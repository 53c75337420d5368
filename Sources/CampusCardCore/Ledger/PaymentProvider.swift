import Foundation

/// Who takes the cardholder's money on a top-up; each has its own clearing account per school.
public enum PaymentProvider: String, Codable, Sendable, CaseIterable {
    case alipay
    case wechatPay = "wechat_pay"
    /// Bank cards through UnionPay: the school app's card payments and auto-debits.
    case unionPay = "unionpay"
}
