import CampusCardCore
import Foundation
import SQLKit

/// One top-up as the cardholder and the card office see it.
public struct TopUpOrder: Sendable, Equatable {
    public var id: Int64
    /// Our trade number (`out_trade_no`) at the channel.
    public var orderNo: String
    public var schoolID: Int64
    public var cardholderID: Int64
    public var purse: LedgerAccount
    public var provider: PaymentProvider
    public var kind: TopUpKind
    public var amount: Money
    public var fee: Money
    public var payable: Money
    public var status: TopUpOrderStatus
    public var failureReason: String?
    public var channelTradeNo: String?
    public var requestKey: String
    public var localDay: LocalDate
    public var transferID: Int64?
    /// What the service center has refunded of it in cash.
    public var refunded: Money
    public var createdAt: Date
    public var expiresAt: Date
    /// What the cardholder's page opens the channel's cashier with; empty until the channel answered.
    public var cashier: [String: String]

    static let columns: SQLQueryString = """
        id, order_no, school_id, cardholder_id, purse_account_id, provider, kind, amount, fee, payable, status, failure_reason,
        channel_trade_no, request_key, local_day, transfer_id, created_at_ms, expires_at_ms, refunded, cashier
        """

    init(row: any SQLRow) throws {
        id = try row.decode(column: "id", as: Int64.self)
        orderNo = try row.decode(column: "order_no", as: String.self)
        schoolID = try row.decode(column: "school_id", as: Int64.self)
        cardholderID = try row.decode(column: "cardholder_id", as: Int64.self)
        purse = LedgerAccount(id: try row.decode(column: "purse_account_id", as: Int64.self), kind: .purse)
        provider = PaymentProvider(rawValue: try row.decode(column: "provider", as: String.self)) ?? .alipay
        kind = TopUpKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .custom
        amount = Money(fen: try row.decode(column: "amount", as: Int64.self))
        fee = Money(fen: try row.decode(column: "fee", as: Int64.self))
        payable = Money(fen: try row.decode(column: "payable", as: Int64.self))
        status = TopUpOrderStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .failed
        failureReason = try row.decode(column: "failure_reason", as: String?.self)
        channelTradeNo = try row.decode(column: "channel_trade_no", as: String?.self)
        requestKey = try row.decode(column: "request_key", as: String.self)
        localDay = LocalDate(try row.decode(column: "local_day", as: String.self)) ?? LocalDate(Date(timeIntervalSince1970: 0), in: .gmt)
        transferID = try row.decode(column: "transfer_id", as: Int64?.self)
        refunded = Money(fen: try row.decode(column: "refunded", as: Int64.self))
        createdAt = Date(epochMilliseconds: try row.decode(column: "created_at_ms", as: Int64.self))
        expiresAt = Date(epochMilliseconds: try row.decode(column: "expires_at_ms", as: Int64.self))
        cashier =
            try row.decode(column: "cashier", as: String?.self).flatMap {
                try? JSONDecoder().decode([String: String].self, from: Data($0.utf8))
            } ?? [:]
    }
}
