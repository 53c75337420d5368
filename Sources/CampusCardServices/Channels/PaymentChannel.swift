import CampusCardCore
import CampusCardStore
import Foundation

/// A provider that takes the cardholder's money: asks for a payment, answers a query, closes an
/// unpaid trade. Alipay speaks its open platform here; WeChat Pay and the bank plug in the same.
public protocol PaymentChannel: Sendable {
    var provider: PaymentProvider { get }
    /// `clientIP`: the cardholder's phone, as WeChat Pay's H5 payments need it.
    func requestPayment(for order: TopUpOrder, payer: ChannelIdentity, clientIP: String?, at: Date) async throws -> PaymentRequest
    func query(_ order: TopUpOrder, at: Date) async throws -> PaymentState
    /// False when the trade is already paid and cannot be closed.
    func close(_ order: TopUpOrder, at: Date) async throws -> Bool
}

/// What the cardholder's page needs to open the channel's cashier.
public struct PaymentRequest: Sendable {
    public var channelTradeNo: String?
    public var pageParameters: [String: String]
}

public enum PaymentState: Sendable, Equatable {
    case paid(PaymentNotice)
    case unpaid
    case closed
    /// The channel has no such trade: the cashier was never opened.
    case unknown
}

extension TopUpOrder {
    /// The line the cardholder sees on the channel's cashier and statement.
    var subject: String { "\(kind.subjectPrefix) ¥\(amount.yuanString)" }
}

extension TopUpKind {
    public var subjectPrefix: String {
        switch self {
        case .quick: "校园卡快速充值"
        case .custom: "校园卡充值"
        case .auto: "校园卡自动充值"
        }
    }
}
