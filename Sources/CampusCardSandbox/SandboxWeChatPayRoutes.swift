import CampusCardChannels
import CampusCardCore
import CampusCardServer
import CampusCardServices
import Vapor

/// The sandbox's WeChat Pay API v3, under `{base}/wechat`: JSAPI prepay, query and close by
/// out_trade_no (each request's Authorization checked with our merchant key, each answer signed
/// with the platform key), and `POST {base}/wechat/trades/{out_trade_no}/pay` where the demo
/// student pays; the callbacks follow. And the day's trade bill: `GET {base}/wechat/v3/bill/tradebill`
/// (its address and SHA1) and the file at `GET {base}/wechat/v3/billdownload/file?token=`.
struct SandboxWeChatPayRoutes: RouteCollection {
    let sandbox: SandboxGateway

    func boot(routes: any RoutesBuilder) throws {
        let base = sandbox.mounted(on: routes).grouped("wechat")
        let transactions = base.grouped("v3", "pay", "transactions")
        transactions.post("jsapi", use: prepay)
        transactions.post("h5", use: h5Prepay)
        transactions.get("out-trade-no", ":out_trade_no", use: query)
        transactions.post("out-trade-no", ":out_trade_no", "close", use: close)
        base.post("trades", ":out_trade_no", "pay", use: pay)
        base.get("v3", "certificates", use: certificates)
        base.get("v3", "bill", "tradebill", use: tradeBill)
        base.get("v3", "billdownload", "file", use: billFile)
    }

    func certificates(req: Request) async throws -> Response {
        if let refusal = try verify(req, body: "") { return refusal }
        return try answer(try sandbox.weChatCertificatesDownloaded(), at: req.now)
    }

    func tradeBill(req: Request) async throws -> Response {
        if let refusal = try verify(req, body: "") { return refusal }
        guard let day = req.query[String.self, at: "bill_date"], req.query[String.self, at: "bill_type"] == "ALL",
            sandbox.billExists(day, at: req.now)
        else { return try answer(#"{"code":"NO_STATEMENT_EXIST","message":"账单文件不存在"}"#, status: .badRequest, at: req.now) }
        let download = WeChatPayTradeBill.Download(
            hashType: "SHA1", hashValue: WeChatPayTradeBill.sha1(await tradeBillFile(of: day)),
            downloadURL: "\(sandbox.basePath)/wechat/v3/billdownload/file?token=\(day)")
        return try answer(String(decoding: try JSONEncoder().encode(download), as: UTF8.self), at: req.now)
    }

    /// The file itself: its answer carries no signature (the hash in the signed answer vouches for it).
    func billFile(req: Request) async throws -> Response {
        if let refusal = try verify(req, body: "") { return refusal }
        guard let day = req.query[String.self, at: "token"], sandbox.billExists(day, at: req.now) else {
            return Response(status: .notFound)
        }
        return Response(status: .ok, body: .init(data: await tradeBillFile(of: day)))
    }

    private func tradeBillFile(of day: String) async -> Data {
        WeChatPayTradeBill.file(
            await sandbox.trades.billLines(.wechatPay, day: day, feeBasisPoints: sandbox.billFeeBasisPoints), billDate: day,
            appID: sandbox.weChatAppID, mchID: sandbox.weChatMchID)
    }

    func prepay(req: Request) async throws -> Response {
        try await open(
            req,
            read: { body in
                (try? WeChatPayJSAPI.prepay(fromRequestBody: body)).map {
                    Order(
                        mchid: $0.mchid, appid: $0.appid, outTradeNo: $0.out_trade_no, total: $0.amount.total, payer: $0.payer.openid,
                        notifyURL: $0.notify_url, description: $0.description)
                }
            },
            answer: { #"{"prepay_id":"wx\#($0.tradeNo)"}"# })
    }

    /// An H5 order: the cashier is the sandbox's page, where `h5_url` sends the browser.
    func h5Prepay(req: Request) async throws -> Response {
        try await open(
            req,
            read: { body in
                (try? WeChatPayH5.prepay(fromRequestBody: body)).flatMap {
                    guard !$0.scene_info.payer_client_ip.isEmpty, $0.scene_info.h5_info.type == "Wap" else { return nil }
                    return Order(
                        mchid: $0.mchid, appid: $0.appid, outTradeNo: $0.out_trade_no, total: $0.amount.total,
                        payer: $0.scene_info.payer_client_ip, notifyURL: $0.notify_url, description: $0.description)
                }
            },
            answer: { trade in
                let url = sandbox.cashierPath(provider: .wechatPay, orderNo: trade.outTradeNo)
                return String(decoding: try JSONEncoder().encode(["h5_url": url]), as: UTF8.self)
            })
    }

    /// What either kind of prepay order says: whose it is, which order, how much, who pays.
    private struct Order {
        var mchid, appid, outTradeNo: String
        var total: Int64
        var payer, notifyURL, description: String
    }

    /// A prepay order of either kind: the merchant's signature and ids checked, then its trade (a
    /// repeated order is the same trade; the same number for another amount is refused).
    private func open(_ req: Request, read: (String) -> Order?, answer body: (SandboxTrades.Trade) throws -> String) async throws
        -> Response
    {
        let text = req.body.string ?? ""
        if let refusal = try verify(req, body: text) { return refusal }
        guard let order = read(text), order.mchid == sandbox.weChatMchID, order.appid == sandbox.weChatAppID else {
            return try answer(#"{"code":"PARAM_ERROR","message":"参数错误"}"#, status: .badRequest, at: req.now)
        }
        guard
            let trade = await sandbox.trades.create(
                .wechatPay, outTradeNo: order.outTradeNo, totalFen: order.total, payer: order.payer, notifyURL: order.notifyURL,
                quick: order.description.hasPrefix(TopUpKind.quick.subjectPrefix))
        else { return try answer(#"{"code":"ORDER_NO_TXN","message":"订单号重复"}"#, status: .badRequest, at: req.now) }
        return try answer(try body(trade), at: req.now)
    }

    func query(req: Request) async throws -> Response {
        if let refusal = try verify(req, body: "") { return refusal }
        guard let number = req.parameters.get("out_trade_no"), let trade = await sandbox.trades.trade(number, of: .wechatPay) else {
            return try answer(#"{"code":"ORDER_NOT_EXIST","message":"订单不存在"}"#, status: .notFound, at: req.now)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try answer(String(decoding: try encoder.encode(sandbox.weChatTransaction(trade, at: req.now)), as: UTF8.self), at: req.now)
    }

    func close(req: Request) async throws -> Response {
        if let refusal = try verify(req, body: req.body.string ?? "") { return refusal }
        guard let number = req.parameters.get("out_trade_no"), await sandbox.trades.close(number, of: .wechatPay) else {
            return try answer(#"{"code":"ORDERPAID","message":"订单已支付"}"#, status: .badRequest, at: req.now)
        }
        return Response(status: .noContent)
    }

    func pay(req: Request) async throws -> Response {
        guard let number = req.parameters.get("out_trade_no"), let trade = await sandbox.trades.pay(number, of: .wechatPay, at: req.now)
        else {
            return try answer(#"{"code":"ORDER_CLOSED","message":"no trade waiting for payment"}"#, status: .conflict, at: req.now)
        }
        SandboxNotifier(sandbox: sandbox, application: req.application).notify(trade, asked: req)
        return try answer(#"{"trade_state":"SUCCESS","transaction_id":"\#(trade.tradeNo)"}"#, at: req.now)
    }

    /// A refusal when the Authorization is not our merchant's signature over this request, or
    /// the request says not who sends it (WeChat Pay asks every caller for a User-Agent).
    private func verify(_ req: Request, body: String) throws -> Response? {
        guard req.headers.first(name: .userAgent)?.isEmpty == false else {
            return try answer(#"{"code":"PARAM_ERROR","message":"User-Agent 不能为空"}"#, status: .badRequest, at: req.now)
        }
        let prefix = sandbox.basePath + "/wechat"
        var pathWithQuery = String(req.url.path.dropFirst(prefix.count))
        if let query = req.url.query { pathWithQuery += "?" + query }
        do {
            _ = try WeChatPayRequestVerifier(merchantKeys: [sandbox.weChatMerchantSerial: sandbox.weChatMerchantKey.verifyingKey]).verify(
                authorization: req.headers.first(name: .authorization) ?? "", method: req.method.rawValue, pathWithQuery: pathWithQuery,
                body: body,
                now: req.now)
            return nil
        } catch {
            return try answer(#"{"code":"SIGN_ERROR","message":"签名错误"}"#, status: .unauthorized, at: req.now)
        }
    }

    private func answer(_ body: String, status: HTTPResponseStatus = .ok, at now: Date) throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        for (name, value) in try sandbox.weChatPlatformSigner.headers(for: body, at: now).fields { headers.add(name: name, value: value) }
        return Response(status: status, headers: headers, body: .init(string: body))
    }
}
