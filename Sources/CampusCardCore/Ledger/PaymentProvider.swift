import Foundation

/// Who takes the cardholder's money on a top-up; each has its own clearing account per school.
public enum PaymentProvider: String, Codable, Sendable, CaseIterable {
    case alipay
    case wechatPay = "wechat_pay"
    /// Bank cards through UnionPay: the school app's card payments and auto-debits.
    case unionPay = "unionpay"
}

extension PaymentProvider {
    public var chineseName: String {
        switch self {
        case .alipay: "支付宝"
        case .wechatPay: "微信支付"
        case .unionPay: "银行卡（银联）"
        }
    }

    public var englishName: String {
        switch self {
        case .alipay: "Alipay"
        case .wechatPay: "WeChat Pay"
        case .unionPay: "bank card (UnionPay)"
        }
    }
}
