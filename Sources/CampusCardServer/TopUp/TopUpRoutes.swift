import CampusCardCore
import CampusCardServices
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
        let (binding, school) = try await req.usableBindingAndSchool()
        return TopUpOptionsDTO(try await TopUpService(req.services).options(for: binding, school: school))
    }

    func create(req: Request) async throws -> Response {
        let (binding, school) = try await req.usableBindingAndSchool()
        let dto = try req.content.decode(TopUpRequestDTO.self)
        let (order, payment) = try await TopUpService(req.services).start(
            .init(
                kind: dto.kind, amount: dto.amount, requestID: dto.request_id, paysWith: dto.pays_with, clientIP: req.clientAddress
            ),
            for: binding, school: school)
        // A retried request gets the cashier the channel gave the first time.
        var pay = payment?.pageParameters ?? (order.cashier.isEmpty ? nil : order.cashier)
        if let sandbox = req.application.campusCard.sandbox, order.provider != .unionPay {
            // Demo mode: where the sandbox's cashier for this order is (UnionPay's comes of posting its form).
            pay?["sandbox_cashier"] = sandbox.cashierPath(provider: order.provider, orderNo: order.orderNo)
        }
        let response = Response(status: payment == nil ? .ok : .created)
        try response.content.encode(TopUpOrderDTO(order, school: school, pay: pay))
        return response
    }

    func list(req: Request) async throws -> [TopUpOrderDTO] {
        let (binding, school) = try await req.usableBindingAndSchool()
        return try await TopUpService(req.services).orders(of: binding).map { TopUpOrderDTO($0, school: school) }
    }

    func show(req: Request) async throws -> TopUpOrderDTO {
        let (binding, school) = try await req.usableBindingAndSchool()
        let order = try await TopUpService(req.services).refreshedOrder(req.parameters.get("order_no"), of: binding)
        return TopUpOrderDTO(order, school: school, pay: order.channelTradeNo.map { ["trade_no": $0] })
    }
}
