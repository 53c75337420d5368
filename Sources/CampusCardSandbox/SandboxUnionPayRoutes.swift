import CampusCardChannels
import CampusCardCore
import CampusCardServer
import CampusCardServices
import Vapor

/// UnionPay's ACP 5.1.0 gateway as the sandbox plays it, under `{base}/unionpay`: the front
/// transaction the cardholder's browser posts (on to the sandbox bank's cashier), back
/// transactions (token SMS 77, opening 79, consume 01 with a token, refund 04, token deletion 74)
/// and `queryTrans.do`; requests checked against the merchant certificate it issued us, answers
/// and notifications signed with its own, which chains to its root. The test cards are
/// `SandboxBankCard`; the SMS code is always 111111, and `GET {base}/unionpay/sms` shows the
/// SMS the bank "sent". The cashier pays with `POST {base}/unionpay/trades/{order_id}/pay`
/// `{"card_number"}`.
struct SandboxUnionPayRoutes: RouteCollection {
    let sandbox: SandboxGateway

    private var unionPay: SandboxUnionPay { sandbox.unionPay }

    func boot(routes: any RoutesBuilder) throws {
        let base = sandbox.mounted(on: routes).grouped("unionpay")
        let gateway = base.grouped("gateway", "api")
        gateway.post("frontTransReq.do", use: front)
        gateway.post("backTransReq.do", use: back)
        gateway.post("queryTrans.do", use: query)
        base.post("trades", ":order_id", "pay", use: pay)
        base.get("sms", use: sms)
    }

    /// The cardholder's browser with our signed form: the trade is made, and the bank's cashier shown.
    func front(req: Request) async throws -> Response {
        guard let fields = request(req), fields["txnType"] == "01", let orderID = fields["orderId"],
            let total = fields["txnAmt"].flatMap(Int64.init), total > 0
        else { throw CardError.invalidField("signature", zh: "银联报文验签失败", en: "the UnionPay request did not verify") }
        guard
            await sandbox.trades.create(
                .unionPay, outTradeNo: orderID, totalFen: total, payer: "", notifyURL: fields["backUrl"] ?? "", quick: false,
                txnTime: fields["txnTime"], bizType: fields["bizType"]) != nil
        else { throw CardError.invalidField("orderId", zh: "重复交易", en: "duplicate order") }
        let back = fields["frontUrl"].map { "?return_url=" + ChannelEntry.formEncoded($0) } ?? ""
        return req.redirect(to: sandbox.cashierPath(provider: .unionPay, orderNo: orderID) + back, redirectType: .normal)
    }

    func back(req: Request) async throws -> Response {
        guard let fields = request(req), let orderID = fields["orderId"] else { return try answer([:], code: "11") }
        switch fields["txnType"] {
        case "77": return try await sendSMS(fields, orderID: orderID, at: req.now)
        case "79": return try await open(fields, orderID: orderID, at: req.now)
        case "01": return try await consume(fields, orderID: orderID, req: req)
        case "04":
            let code = await sandbox.trades.refund(
                orderID, of: fields["origQryId"] ?? "", fen: fields["txnAmt"].flatMap(Int64.init) ?? 0, txnTime: fields["txnTime"],
                notifyURL: fields["backUrl"] ?? "", at: req.now)
            return try answer(fields, code: code)
        case "74":
            let token = (try? UnionPayMessage.unbraced(fields["tokenPayData"] ?? ""))?["token"] ?? ""
            return try answer(fields, code: await sandbox.unionPayTokens.delete(token) ? "00" : UnionPayResponseCode.tokenExpired)
        default: return try answer(fields, code: "10")
        }
    }

    private func sendSMS(_ fields: [String: String], orderID: String, at now: Date) async throws -> Response {
        guard let number = try? UnionPayEncryption.decrypt(fields["accNo"] ?? "", with: unionPay.encryptionKey),
            fields["encryptCertId"] == unionPay.encryption.certID, let card = SandboxBankCard(number: number)
        else { return try answer(fields, code: "61") }
        let customer = try UnionPayEncryption.customerInfo(fields["customerInfo"] ?? "", privateKey: unionPay.encryptionKey)
        guard card != .mismatch, let phone = customer["phoneNo"], phone.count == 11 else {
            return try answer(fields, code: UnionPayResponseCode.holderInfoMismatch)
        }
        await sandbox.unionPayTokens.beginOpening(
            orderID, .init(txnTime: fields["txnTime"] ?? "", cardNumber: number, phone: phone), code: SandboxUnionPay.smsCode, at: now)
        return try answer(fields, code: "00")
    }

    private func open(_ fields: [String: String], orderID: String, at now: Date) async throws -> Response {
        guard let opening = await sandbox.unionPayTokens.opening(orderID), opening.txnTime == fields["txnTime"],
            let number = try? UnionPayEncryption.decrypt(fields["accNo"] ?? "", with: unionPay.encryptionKey), number == opening.cardNumber
        else { return try answer(fields, code: "36") }
        let customer = try UnionPayEncryption.customerInfo(fields["customerInfo"] ?? "", privateKey: unionPay.encryptionKey)
        guard customer["smsCode"] == SandboxUnionPay.smsCode else { return try answer(fields, code: UnionPayResponseCode.wrongSMSCode) }
        guard customer["phoneNo"] == opening.phone, customer["certifId"]?.isEmpty == false, customer["customerNm"]?.isEmpty == false else {
            return try answer(fields, code: UnionPayResponseCode.holderInfoMismatch)
        }
        guard let token = await sandbox.unionPayTokens.open(orderID) else { return try answer(fields, code: "36") }
        let tokenPayData = UnionPayMessage.braced([
            ("token", token), ("trId", SandboxUnionPay.tokenRequestorID), ("tokenLevel", "40"),
            ("tokenBegin", ChinaTime.compact(now)), ("tokenEnd", ChinaTime.compact(now.addingTimeInterval(3 * 365 * 86_400))),
            ("tokenType", "01"),
        ])
        return try answer(fields, code: "00", ["tokenPayData": tokenPayData])
    }

    /// A token debit: the card's answer at once, the payment's result by notification (or query).
    private func consume(_ fields: [String: String], orderID: String, req: Request) async throws -> Response {
        let token = (try? UnionPayMessage.unbraced(fields["tokenPayData"] ?? ""))?["token"] ?? ""
        guard let number = await sandbox.unionPayTokens.card(of: token), let card = SandboxBankCard(number: number) else {
            return try answer(fields, code: UnionPayResponseCode.tokenExpired)
        }
        guard let total = fields["txnAmt"].flatMap(Int64.init), total > 0,
            let trade = await sandbox.trades.create(
                .unionPay, outTradeNo: orderID, totalFen: total, payer: "", notifyURL: fields["backUrl"] ?? "", quick: true,
                txnTime: fields["txnTime"], bizType: fields["bizType"]), trade.state == .waiting, trade.pendingQueries == nil
        else { return try answer(fields, code: "12") }
        return try answer(fields, code: try await settle(trade, card: card, req: req))
    }

    /// Settles a waiting trade as `card` pays; a slow card's trade waits for queries. UnionPay's answer code.
    private func settle(_ trade: SandboxTrades.Trade, card: SandboxBankCard, req: Request) async throws -> String {
        let code = card.paymentCode
        if UnionPayResponseCode.isProcessing(code) {
            await sandbox.trades.holdForQueries(trade.outTradeNo, count: 1)
            return code
        }
        if let settled = await sandbox.trades.settle(trade.outTradeNo, of: .unionPay, bankCode: code, at: req.now) {
            SandboxNotifier(sandbox: sandbox, application: req.application).notify(settled, asked: req)
        }
        return code
    }

    func query(req: Request) async throws -> Response {
        guard let fields = request(req), let orderID = fields["orderId"] else { return try answer([:], code: "11") }
        guard var trade = await sandbox.trades.trade(orderID, of: .unionPay), trade.txnTime == fields["txnTime"] else {
            return try answer(fields, code: UnionPayResponseCode.noSuchTransaction)
        }
        if trade.state == .waiting, let pending = await sandbox.trades.answeredQuery(orderID), pending == 0,
            let settled = await sandbox.trades.settle(orderID, of: .unionPay, bankCode: UnionPayResponseCode.success, at: req.now)
        {
            SandboxNotifier(sandbox: sandbox, application: req.application).notifyPaid(settled, at: req.now)
            trade = settled
        }
        let original =
            switch trade.state {
            case .waiting: "05"
            case .paid: UnionPayResponseCode.success
            case .closed: trade.bankCode ?? "01"
            }
        return try answer(
            fields, code: "00",
            [
                "origRespCode": original, "origRespMsg": original == "00" ? "成功[0000000]" : "[\(original)]",
                "txnAmt": String(trade.totalFen),
                "queryId": trade.tradeNo, "currencyCode": UnionPayMessage.currencyCode,
            ])
    }

    /// The cashier: the demo student pays with a test card (or the bank refuses it).
    func pay(req: Request) async throws -> Response {
        struct Card: Content { var card_number: String }
        guard let card = SandboxBankCard(number: try req.content.decode(Card.self).card_number) else {
            throw CardError.invalidField("card_number", zh: "演示银行卡以1–7结尾", en: "demo cards end in 1 to 7")
        }
        guard let number = req.parameters.get("order_id"), let trade = await sandbox.trades.trade(number, of: .unionPay),
            trade.state == .waiting, trade.pendingQueries == nil
        else { throw CardError.notFound("trade") }
        let code = try await settle(trade, card: card == .mismatch ? .funds : card, req: req)
        return try await ["respCode": code, "orderId": number].encodeResponse(for: req)
    }

    /// The SMS the sandbox bank "sent", newest first (the code is always 111111).
    func sms(req: Request) async throws -> Response {
        let rows = await sandbox.unionPayTokens.recentSMS.reversed().map {
            "<li>\(UnionPayAutoDebit.maskedPhone($0.phone)) · \(ChinaTime.alipayTimestamp($0.sentAt)) · <strong>\($0.code)</strong></li>"
        }
        let html = """
            <!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>银行短信（沙箱）Bank SMS (sandbox)</title></head>
            <body><h1>银行短信（沙箱）</h1><p>开通验证码 · opening codes</p><ul>\(rows.joined())</ul></body></html>
            """
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(headers: headers, body: .init(string: html))
    }

    /// Our request, if it verifies against the merchant certificate UnionPay issued us.
    private func request(_ req: Request) -> [String: String]? {
        (try? FormURLEncoding.decode(req.body.string ?? "")).flatMap(unionPay.verifiedRequest)
    }

    /// UnionPay's synchronous answer: the request's identifying fields, `respCode`, and `extra`, signed.
    private func answer(_ request: [String: String], code: String, _ extra: [String: String] = [:]) throws -> Response {
        var fields = request.filter {
            ["version", "encoding", "bizType", "txnType", "txnSubType", "accessType", "merId", "orderId", "txnTime"].contains($0.key)
        }
        fields["respCode"] = code
        fields["respMsg"] = code == "00" ? "成功[0000000]" : "[\(code)]"
        fields.merge(extra) { _, new in new }
        var headers = HTTPHeaders()
        headers.contentType = .plainText
        return Response(headers: headers, body: .init(string: UnionPayMessage.answerBody(try unionPay.signer.signedAnswer(fields))))
    }
}
