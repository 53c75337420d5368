import CampusCardCore
import CampusCardStore
import Vapor

/// From the cardholder's "pay" to the channel's cashier: the order with its limit reserved, then
/// the channel's payment request. A channel that refuses or cannot be reached fails the order,
/// which gives the limit back at once.
struct TopUpFlow {
    let request: Request

    /// The channel that takes `provider`'s payments, as configured.
    static func paymentChannel(for provider: PaymentProvider, application: Application, transport: GatewayTransport) throws
        -> any PaymentChannel
    {
        guard let access = application.campusCard.channelAccess else { throw CardError.paymentChannelUnavailable(provider) }
        switch provider {
        case .alipay: return AlipayPayments(access: access.alipay, notifyURL: access.alipay.notifyURL, transport: transport)
        case .wechatPay: return WeChatPayments(access: access.weChatPay, transport: transport)
        case .unionPay: return BankPayments(access: access.bank, transport: transport)
        }
    }

    /// The providers a channel's cardholder may pay with, the first by default (SPEC "Channels").
    static func providers(for channel: BindingChannel) -> [PaymentProvider] {
        switch channel {
        case .alipay: [.alipay]
        case .wechat: [.wechatPay]
        case .schoolApp: [.wechatPay, .unionPay]
        }
    }

    static func provider(for channel: BindingChannel, choice: String?) throws -> PaymentProvider {
        let offered = providers(for: channel)
        guard let choice else { return offered[0] }
        guard let provider = PaymentProvider(rawValue: choice), offered.contains(provider) else {
            let names = offered.map(\.rawValue).joined(separator: ", ")
            throw CardError.invalidField("pays_with", zh: "此渠道可用的支付方式：\(names)", en: "this channel pays with \(names)")
        }
        return provider
    }

    func start(_ binding: BindingRecord, school: SchoolRecord, quote: TopUpQuote, provider: PaymentProvider, requestKey: String)
        async throws
        -> (TopUpOrder, PaymentRequest?)
    {
        let channel = try Self.paymentChannel(
            for: provider, application: request.application, transport: GatewayTransport(request: request))
        let orders = try TopUpOrders(request.store)
        let order = try await orders.create(
            .init(
                school: school, cardholderID: binding.cardholderID, purse: binding.purse, provider: provider, quote: quote,
                requestKey: requestKey),
            at: request.now)
        // A retry of a request already sent to the channel gets the same order back as it stands.
        guard order.status == .created else { return (order, nil) }
        do {
            let payment = try await channel.requestPayment(for: order, payer: binding.identity, at: request.now)
            try await orders.awaitingPayment(order, channelTradeNo: payment.channelTradeNo, at: request.now)
            return (try await orders.order(number: order.orderNo) ?? order, payment)
        } catch {
            request.logger.warning("payment request refused", metadata: ["order": "\(order.orderNo)", "reason": "\(error)"])
            try await orders.fail(order, reason: "channel refused the payment request", at: request.now)
            throw CardError.paymentChannelUnavailable(provider)
        }
    }
}
