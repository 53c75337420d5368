import CampusCardCore
import CampusCardStore
import Foundation

/// Topping up a bound card: what it would cost, then from the cardholder's "pay" to the channel's
/// cashier: the order with its limit reserved, then the channel's payment request. A channel
/// that refuses or cannot be reached fails the order, which gives the limit back at once.
public struct TopUpService: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    /// What the cardholder asked for, as text: checked here for every door.
    public struct Form: Sendable {
        /// "quick" or "custom".
        public var kind: String
        /// Yuan: "50", "12.30".
        public var amount: String
        /// The page's id for this tap on "pay": a retry returns the same order.
        public var requestID: String
        public var paysWith: String?
        /// The phone's address, for the channels that ask it (WeChat Pay's H5 payments).
        public var clientIP: String?

        public init(kind: String, amount: String, requestID: String, paysWith: String?, clientIP: String? = nil) {
            (self.kind, self.amount, self.requestID, self.paysWith, self.clientIP) = (kind, amount, requestID, paysWith, clientIP)
        }
    }

    /// Everything shown before paying: presets with their fees, the custom range, today's limit.
    public struct Options: Sendable {
        public var presets: [TopUpQuote]
        public var feeRule: String
        public var settings: SchoolSettings
        public var leftToday: Money
        public var paysWith: [PaymentProvider]
    }

    /// The providers a channel's cardholder may pay with, the first by default (SPEC "Channels").
    public static func providers(for channel: BindingChannel) -> [PaymentProvider] {
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

    public func options(for binding: BindingRecord, school: SchoolRecord) async throws -> Options {
        let settings = school.settings
        let presets = try settings.quickTopUpPresets.map { try TopUpQuote(kind: .quick, amount: $0, settings: settings) }
        let used = try await TopUpOrders(context.store).reserved(
            cardholderID: binding.cardholderID, on: LocalDate(context.now, in: school.timeZone))
        let percent = Double(settings.quickTopUpFeeBasisPoints) / 100
        return Options(
            presets: presets,
            feeRule: settings.feePayer == .cardholder
                ? "快速充值收取\(percent)%手续费，按分四舍五入，由持卡人承担；自定义金额不收手续费。"
                : "手续费由学校承担。",
            settings: settings, leftToday: Money(fen: max(0, settings.dailyTopUpLimit.fen - used.fen)),
            paysWith: Self.providers(for: binding.identity.channel))
    }

    /// The order (a new one, or the one this request made before: then with no payment request)
    /// and what the page needs to open the channel's cashier.
    public func start(_ form: Form, for binding: BindingRecord, school: SchoolRecord) async throws -> (TopUpOrder, PaymentRequest?) {
        guard let kind = TopUpKind(rawValue: form.kind), kind != .auto else {
            throw CardError.invalidField("kind", zh: "充值方式应为 quick 或 custom", en: "kind is quick or custom")
        }
        guard let amount = Money(yuanString: form.amount) else { throw CardError.invalidAmount(String(form.amount.prefix(32))) }
        // Printable: PostgreSQL refuses a NUL in text, and the id is shown back to the clerk.
        guard (1...64).contains(form.requestID.count),
            !form.requestID.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw CardError.invalidField("request_id", zh: "请求编号应为1–64个可打印字符", en: "request_id is 1–64 printable characters")
        }
        try await ServiceNotices(context.store, .maintenanceWindow).ensureOpen(school, at: context.now)
        let quote = try TopUpQuote(kind: kind, amount: amount, settings: school.settings)
        let provider = try Self.provider(for: binding.identity.channel, choice: form.paysWith)
        let channel = try context.paymentChannel(for: provider)
        let limits = context.rateLimits
        var counters = [RateCounter(.topUp, per: .binding, String(binding.id), limit: limits.topUpPerBinding)]
        if let address = form.clientIP { counters.append(RateCounter(.topUp, per: .address, address, limit: limits.topUpPerAddress)) }
        let orders = TopUpOrders(context.store)
        // A retry of a request already made is its answer again, not a new attempt to count.
        if try await orders.order(cardholderID: binding.cardholderID, requestKey: form.requestID) == nil {
            try await RateLimiter(context.store).admit(counters, at: context.now, timeZone: school.timeZone)
        }
        let order = try await orders.create(
            .init(
                school: school, cardholderID: binding.cardholderID, purse: binding.purse, provider: provider, quote: quote,
                requestKey: form.requestID),
            at: context.now)
        // A retry of a request already sent to the channel gets the same order back as it stands.
        guard order.status == .created else { return (order, nil) }
        do {
            let payment = try await channel.requestPayment(for: order, payer: binding.identity, clientIP: form.clientIP, at: context.now)
            try await orders.awaitingPayment(
                order, channelTradeNo: payment.channelTradeNo, cashier: payment.pageParameters, at: context.now)
            return (try await orders.order(number: order.orderNo) ?? order, payment)
        } catch {
            context.logger.warning("payment request refused", metadata: ["order": "\(order.orderNo)", "reason": "\(error)"])
            try await orders.fail(order, reason: "channel refused the payment request", at: context.now)
            throw CardError.paymentChannelUnavailable(provider)
        }
    }

    public func orders(of binding: BindingRecord) async throws -> [TopUpOrder] {
        try await TopUpOrders(context.store).orders(of: binding.cardholderID)
    }

    /// A cardholder refreshing an order still awaiting payment a minute after it was made has its
    /// channel asked (at most every 30 s per order, whoever refreshes), not only the upkeep's
    /// reconciler five minutes on: a notification lost on the way is not a long blank wait.
    public static let refreshQueryAfter: TimeInterval = 60
    public static let refreshQuerySpacing: TimeInterval = 30

    /// One of the binding's orders as it stands, its channel asked first when it is late (see above).
    public func refreshedOrder(_ number: String?, of binding: BindingRecord) async throws -> TopUpOrder {
        let order = try await self.order(number, of: binding)
        let orders = TopUpOrders(context.store)
        guard order.status == .awaitingPayment, order.kind != .auto,
            context.now.timeIntervalSince(order.createdAt) >= Self.refreshQueryAfter,
            try await orders.claimQuery(order, at: context.now, spacing: Self.refreshQuerySpacing)
        else { return order }
        try await TopUpReconciler(context).ask(about: order)
        return try await orders.order(number: order.orderNo) ?? order
    }

    /// One of the binding's orders; another cardholder's is as good as absent.
    public func order(_ number: String?, of binding: BindingRecord) async throws -> TopUpOrder {
        // An order number is short and printable: anything else is no order (and PostgreSQL
        // refuses a NUL in text).
        guard let number, number.utf8.count <= 64, !number.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }),
            let order = try await TopUpOrders(context.store).order(number: number),
            order.cardholderID == binding.cardholderID
        else { throw CardError.notFound("order") }
        return order
    }
}
