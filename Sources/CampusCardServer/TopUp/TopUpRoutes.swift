import CampusCardCore
import CampusCardStore
import Vapor

/// Topping up a bound card from a verified device: what it would cost, the order, its state.
struct TopUpRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let binding = routes.grouped("api", "v1", "h5", "bindings", ":binding_id").grouped(CardholderAuthenticator())
        binding.get("top-up-options", use: options)
        binding.post("top-ups", use: create)
        binding.get("top-ups", use: list)
        binding.get("top-ups", ":order_no", use: show)
    }

    func options(req: Request) async throws -> TopUpOptionsDTO {
        let (_, binding) = try await req.usableBinding()
        let school = try await req.school(of: binding)
        let settings = school.settings
        let presets = try settings.quickTopUpPresets.map { amount in
            let quote = try TopUpQuote(kind: .quick, amount: amount, settings: settings)
            return PresetDTO(amount: amount.yuanString, fee: quote.fee.yuanString, payable: quote.payable.yuanString)
        }
        let used = try await TopUpOrders(req.store).reserved(
            cardholderID: binding.cardholderID, on: LocalDate(req.now, in: school.timeZone))
        let percent = Double(settings.quickTopUpFeeBasisPoints) / 100
        return TopUpOptionsDTO(
            presets: presets,
            fee_rule: settings.feePayer == .cardholder
                ? "快速充值收取\(percent)%手续费，按分四舍五入，由持卡人承担；自定义金额不收手续费。"
                : "手续费由学校承担。",
            custom_minimum: settings.customTopUpMinimum.yuanString, custom_maximum: settings.customTopUpMaximum.yuanString,
            custom_multiple: settings.customTopUpMultiple?.yuanString, single_limit: settings.singleTopUpLimit.yuanString,
            daily_limit: settings.dailyTopUpLimit.yuanString,
            left_today: Money(fen: max(0, settings.dailyTopUpLimit.fen - used.fen)).yuanString,
            pays_with: TopUpFlow.providers(for: binding.identity.channel).map(\.rawValue), refund_notice_zh: CardError.refundNoticeZH,
            refund_notice_en: CardError.refundNoticeEN)
    }

    func create(req: Request) async throws -> Response {
        let (_, binding) = try await req.usableBinding()
        let dto = try req.content.decode(TopUpRequestDTO.self)
        guard let kind = TopUpKind(rawValue: dto.kind), kind != .auto else {
            throw CardError.invalidField("kind", zh: "充值方式应为 quick 或 custom", en: "kind is quick or custom")
        }
        guard let amount = Money(yuanString: dto.amount) else { throw CardError.invalidAmount(String(dto.amount.prefix(32))) }
        guard (1...64).contains(dto.request_id.count) else {
            throw CardError.invalidField("request_id", zh: "请求编号长度应为1–64", en: "request_id is 1–64 characters")
        }
        let school = try await req.school(of: binding)
        try await ServiceNotices(req.store, .maintenanceWindow).ensureOpen(school, at: req.now)
        let quote = try TopUpQuote(kind: kind, amount: amount, settings: school.settings)
        let provider = try TopUpFlow.provider(for: binding.identity.channel, choice: dto.pays_with)
        let (order, payment) = try await TopUpFlow(request: req).start(
            binding, school: school, quote: quote, provider: provider, requestKey: dto.request_id)
        var pay = payment?.pageParameters ?? order.channelTradeNo.map { ["trade_no": $0] }
        if let sandbox = req.application.campusCard.sandbox {
            // Demo mode: where the sandbox's cashier for this order is.
            pay?["sandbox_cashier"] = "\(sandbox.basePath)/cashier/\(order.provider.rawValue)/\(order.orderNo)"
        }
        let response = Response(status: payment == nil ? .ok : .created)
        try response.content.encode(TopUpOrderDTO(order, school: school, pay: pay))
        return response
    }

    func list(req: Request) async throws -> [TopUpOrderDTO] {
        let (_, binding) = try await req.usableBinding()
        let school = try await req.school(of: binding)
        return try await TopUpOrders(req.store).orders(of: binding.cardholderID).map { TopUpOrderDTO($0, school: school) }
    }

    func show(req: Request) async throws -> TopUpOrderDTO {
        let (_, binding) = try await req.usableBinding()
        guard let number = req.parameters.get("order_no"), let order = try await TopUpOrders(req.store).order(number: number),
            order.cardholderID == binding.cardholderID
        else { throw CardError.notFound("order") }
        return TopUpOrderDTO(order, school: try await req.school(of: binding), pay: order.channelTradeNo.map { ["trade_no": $0] })
    }
}
