import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardWeb
import Vapor

/// Topping up from the page: the choice, the order (the same `TopUpService.start` as the API),
/// the channel's cashier, and the order's state until the money is on the card.
struct TopUpPages {
    func show(req: Request) async throws -> Response {
        let page = try await CardholderPage.resolve(req)
        return try await form(page, req, error: nil, custom: nil)
    }

    func start(req: Request) async throws -> Response {
        let page = try await CardholderPage.resolve(req)
        let form = try req.pageForm(session: page.token)
        let services = try req.services
        do {
            let (order, _) = try await TopUpService(services).start(
                .init(
                    kind: form["kind"] ?? "", amount: form["amount"] ?? "", requestID: form["request_id"] ?? "",
                    paysWith: form["pays_with"],
                    clientIP: req.clientAddress),
                for: page.binding, school: page.school)
            return .seeOther("\(page.base)/top-up/orders/\(order.orderNo)", req)
        } catch let error as CardError where error.code != .internalError && error.code != .ledgerInconsistent {
            return try await self.form(
                page, req, error: error, custom: form["kind"] == "custom" ? form["amount"] : nil, status: error.code.httpStatus)
        }
    }

    /// The order as it stands; while it waits, reloading asks the server again (and the upkeep the channel).
    func order(req: Request) async throws -> Response {
        let page = try await CardholderPage.resolve(req)
        let services = try req.services
        let order = try await TopUpService(services).refreshedOrder(req.parameters.get("order_no"), of: page.binding)
        // Demo mode: the sandbox's cashier page, which comes back here; else what the channel gave.
        // UnionPay's front form goes to its gateway either way (the sandbox plays that one too).
        let channel = CashierHandOff(channelParameters: order.cashier)
        let cashier: CashierHandOff?
        if case .formPost? = channel {
            cashier = channel
        } else {
            cashier =
                req.application.campusCard.sandbox.map {
                    CashierHandOff.page(
                        $0.cashierPath(provider: order.provider, orderNo: order.orderNo) + "?return_url="
                            + ChannelEntry.formEncoded("\(page.base)/top-up/orders/\(order.orderNo)"))
                } ?? channel
        }
        let balance = order.status == .credited ? try await CardBinding(services).summary(page.binding).balance : nil
        let view = TopUpOrderPage(
            order: order, cashier: cashier,
            arrival: TopUpQuote.arrivalMinutes(
                order.kind, at: order.createdAt, timeZone: page.school.timeZone, settings: page.school.settings),
            balance: balance)
        return .page(view.render(page.context(req)), req)
    }

    func orders(req: Request) async throws -> Response {
        let page = try await CardholderPage.resolve(req)
        let orders = try await TopUpService(try req.services).orders(of: page.binding)
        return .page(TopUpOrdersPage(orders: orders).render(page.context(req)), req)
    }

    private func form(_ page: CardholderPage, _ req: Request, error: CardError?, custom: String?, status: HTTPResponseStatus = .ok)
        async throws
        -> Response
    {
        let services = try req.services
        let options = try await TopUpService(services).options(for: page.binding, school: page.school)
        let view = TopUpPage(
            options: options, now: services.now, requestID: UUID().uuidString, customAmount: custom, error: error,
            cardUsable: page.binding.cardStatus == .active)
        return .page(view.render(page.context(req)), status: status, req)
    }
}
