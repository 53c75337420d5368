import CampusCardCore
import CampusCardStore
import Foundation
import Logging

/// What every use case runs with, passed in: the database, the time, the log, the channels and
/// how to reach them. A JSON handler, a page and the upkeep build one and call the same service.
public struct ServiceContext: Sendable {
    public var store: StoreDatabase
    public var now: Date
    public var logger: Logger
    public var masterKey: MasterKey
    /// The channels as configured (or the sandbox standing in for them); nil: none reachable.
    public var channels: ChannelAccess?
    public var transport: any ChannelTransport
    /// Charges that arrive together share commits (see `SpendBatcher`).
    public var spendBatcher: SpendBatcher?
    /// Set on PostgreSQL, where payment notices share commits (see `CreditBatcher`).
    public var creditBatcher: CreditBatcher?
    /// How long a cardholder's session lasts after the channel signed them in.
    public var cardholderSessionLifetime: TimeInterval
    /// How late an order's notification may be before the reconciler asks its channel.
    public var topUpQueryDelay: TimeInterval = 5 * 60
    /// How often sign-in, binding and top-up orders may be tried (see `RateLimits`).
    public var rateLimits = RateLimits.standard
    /// The bank side of auto top-up (UnionPay's token debits); nil: auto top-up is not offered.
    public var autoDebit: (any AutoDebitChannel)?
    /// How long a debit the bank answered "processing" waits before the bank is asked again.
    public var autoDebitQueryDelay: TimeInterval = 60
    /// This server's address as the caller reached it (`https://card.example.edu.cn`), where a
    /// provider sends the browser back to us; empty outside a request.
    public var publicOrigin = ""

    public init(
        store: StoreDatabase, now: Date, logger: Logger, masterKey: MasterKey, channels: ChannelAccess?, transport: any ChannelTransport,
        spendBatcher: SpendBatcher? = nil, creditBatcher: CreditBatcher? = nil, cardholderSessionLifetime: TimeInterval = 2 * 3600
    ) {
        (self.store, self.now, self.logger, self.masterKey, self.channels, self.transport) = (
            store, now, logger, masterKey, channels, transport
        )
        (self.spendBatcher, self.creditBatcher, self.cardholderSessionLifetime) = (spendBatcher, creditBatcher, cardholderSessionLifetime)
    }

    /// The bank side of auto top-up, as configured.
    func autoDebitChannel() throws -> any AutoDebitChannel {
        guard let autoDebit else { throw CardError.paymentChannelUnavailable(.unionPay) }
        return autoDebit
    }

    /// The channel that takes `provider`'s payments, as configured.
    func paymentChannel(for provider: PaymentProvider) throws -> any PaymentChannel {
        guard let access = channels else { throw CardError.paymentChannelUnavailable(provider) }
        switch provider {
        case .alipay: return AlipayPayments(access: access.alipay, notifyURL: access.alipay.notifyURL, transport: transport)
        case .wechatPay: return WeChatPayments(access: access.weChatPay, transport: transport)
        case .unionPay: return UnionPayPayments(gateway: UnionPayGateway(access: access.unionPay, transport: transport))
        }
    }
}
