import CampusCardChannels
import CampusCardCore
import CampusCardServer
import CampusCardServices
import Vapor

/// The sandbox's bank card gateway under `{base}/bank`: front transaction, query and close
/// (requests checked with our merchant key, answers signed with the gateway's), and
/// `POST {base}/bank/trades/{order_id}/pay` `{"card_number"}` where the demo student pays with a
/// card. The demo cards end in 1 (pays), 2 (no online payment), 3 (over the bank's limit),
/// 4 (insufficient funds), 5 (blocked by the bank).
struct SandboxBankRoutes: RouteCollection {
    let sandbox: SandboxGateway

    static let cards: [Character: BankGatewayMessage.Result] = [
        "1": .success, "2": .onlinePaymentDisabled, "3": .overBankLimit, "4": .insufficientFunds, "5": .blockedByBank,
    ]

    func boot(routes: any RoutesBuilder) throws {
        let base = sandbox.mounted(on: routes).grouped("bank")
        base.post("gateway", ":operation", use: gateway)
        base.post("trades", ":order_id", "pay", use: pay)
    }

    func gateway(req: Request) async throws -> Response {
        guard let fields = try? BankGatewayMessage.verified(formBody: req.body.string ?? "", key: sandbox.bankMerchantKey.verifyingKey),
            fields["merId"] == sandbox.bankMerchantID, let orderID = fields["orderId"]
        else { return try answer(["respCode": "A6", "respMsg": "signature or merchant invalid"]) }
        switch req.parameters.get("operation") {
        case "frontTrans":
            guard let total = fields["txnAmt"].flatMap(Int64.init),
                let trade = await sandbox.trades.create(
                    .unionPay, outTradeNo: orderID, totalFen: total, payer: "", notifyURL: fields["backUrl"] ?? "",
                    quick: fields["orderDesc"]?.hasPrefix(TopUpKind.quick.subjectPrefix) ?? false)
            else { return try answer(["respCode": "12", "respMsg": "duplicate order"]) }
            return try answer(["respCode": "00", "tn": trade.tradeNo, "orderId": orderID])
        case "query":
            guard let trade = await sandbox.trades.trade(orderID, of: .unionPay) else {
                return try answer(["respCode": "34", "orderId": orderID])
            }
            let original =
                switch trade.state {
                case .waiting: "05"
                case .paid: "00"
                case .closed: trade.refusal?.rawValue ?? "03"
                }
            return try answer([
                "respCode": "00", "origRespCode": original, "orderId": orderID, "txnAmt": String(trade.totalFen), "queryId": trade.tradeNo,
            ])
        case "close":
            return try answer(["respCode": await sandbox.trades.close(orderID, of: .unionPay) ? "00" : "12", "orderId": orderID])
        default:
            return try answer(["respCode": "10", "respMsg": "unknown operation"])
        }
    }

    func pay(req: Request) async throws -> Response {
        struct Card: Content { var card_number: String }
        let card = try req.content.decode(Card.self)
        guard let last = card.card_number.last, let result = Self.cards[last], card.card_number.count >= 12 else {
            throw CardError.invalidField("card_number", zh: "演示银行卡以1–5结尾", en: "demo cards end in 1 to 5")
        }
        guard let number = req.parameters.get("order_id"),
            let trade = await sandbox.trades.settle(number, of: .unionPay, refusal: result == .success ? nil : result, at: req.now)
        else { return try answer(["respCode": "12", "respMsg": "no trade waiting for payment"]) }
        SandboxNotifier(sandbox: sandbox, application: req.application).notify(trade, asked: req)
        return try answer(["respCode": result.rawValue, "orderId": number])
    }

    private func answer(_ fields: [String: String]) throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return Response(
            headers: headers,
            body: .init(string: FormURLEncoding.encode(try BankGatewayMessage.signed(fields, with: sandbox.bankGatewayKey))))
    }
}
