import CampusCardChannels
import CampusCardCore
import CampusCardServer
import Vapor

/// The sandbox's endpoints, answering in each provider's own format:
/// - `POST {base}/{alipay|wechat|school}/auth-codes` `{"user_id"}`: what the channel's consent page would give
///   the cardholder's page (demo and tests stand in for the user tapping "同意");
/// - `POST {base}/alipay/gateway.do`: Alipay's gateway (`alipay.system.oauth.token`,
///   `alipay.trade.create`, `.query`, `.close`, `alipay.user.certify.open.initialize`, `.query`), request
///   signature checked with our app's public key, answers signed with Alipay's key;
/// - `GET {base}/wechat/sns/oauth2/access_token`: WeChat's OAuth exchange;
/// - `POST {base}/school/oauth/token`: the school's sign-on;
/// - `GET {base}/alipay/bills/{yyyy-MM-dd}.csv.zip`: the day's trade bill, whose address
///   `alipay.data.dataservice.bill.downloadurl.query` gives;
/// - `POST {base}/alipay/trades/{out_trade_no}/pay`: the demo student pays on Alipay's cashier;
///   the notifications follow (delayed, duplicated, retried until answered);
struct SandboxRoutes: RouteCollection {
    let sandbox: SandboxGateway

    func boot(routes: any RoutesBuilder) throws {
        let base = sandbox.mounted(on: routes)
        for channel in BindingChannel.allCases {
            let path = PathComponent(stringLiteral: Self.path(of: channel))
            base.post(path, "auth-codes") { try await authCode(req: $0, channel: channel) }
        }
        base.post("alipay", "gateway.do", use: alipayGateway)
        base.post("alipay", "trades", ":out_trade_no", "pay", use: alipayPay)
        base.get("alipay", "bills", ":file", use: alipayBill)
        base.get("wechat", "sns", "oauth2", "access_token", use: weChatAccessToken)
        base.post("school", "oauth", "token", use: schoolToken)
    }

    struct UserDTO: Content {
        var user_id: String
    }

    static func path(of channel: BindingChannel) -> String {
        switch channel {
        case .alipay: "alipay"
        case .wechat: "wechat"
        case .schoolApp: "school"
        }
    }

    func authCode(req: Request, channel: BindingChannel) async throws -> [String: String] {
        let user = try req.content.decode(UserDTO.self)
        return ["auth_code": await sandbox.codes.issue(for: ChannelIdentity(channel: channel, userID: user.user_id), at: req.now)]
    }

    func alipayGateway(req: Request) async throws -> Response {
        let parameters = try FormURLEncoding.decode(req.body.string ?? "")
        let signer = AlipayResponseSigner(alipayPrivateKey: sandbox.alipayKey)
        guard (try? AlipayRequestVerifier(appPublicKey: sandbox.appKey.verifyingKey).verify(parameters)) != nil,
            parameters["app_id"] == sandbox.alipayAppID
        else {
            return json(
                try signer.signedBody(
                    responseKey: "error_response", node: #"{"code":"40002","msg":"Invalid Arguments","sub_code":"isv.invalid-signature"}"#))
        }
        switch parameters["method"] {
        case AlipayTradeCreate.method:
            let content = try AlipayTradeCreate.content(of: parameters)
            guard
                let trade = await sandbox.trades.create(
                    .alipay, outTradeNo: content.outTradeNo, totalFen: content.totalFen, payer: content.buyer.id,
                    notifyURL: parameters["notify_url"] ?? "",
                    quick: content.passback == "kind=quick")
            else {
                return json(
                    try signer.signedBody(
                        responseKey: AlipayResponseVerifier.responseKey(forMethod: AlipayTradeCreate.method),
                        node: #"{"code":"40004","msg":"Business Failed","sub_code":"ACQ.TRADE_HAS_SUCCESS"}"#))
            }
            return json(try AlipayTradeCreate.response(outTradeNo: trade.outTradeNo, tradeNo: trade.tradeNo, signer: signer))
        case AlipayTradeQuery.queryMethod:
            let number = try AlipayTradeQuery.outTradeNo(of: parameters)
            let trade = await sandbox.trades.trade(number, of: .alipay)
            return json(
                try AlipayTradeQuery.response(
                    .init(status: trade?.alipayStatus, tradeNo: trade?.tradeNo, totalFen: trade?.totalFen), outTradeNo: number,
                    signer: signer))
        case AlipayTradeQuery.closeMethod:
            let number = try AlipayTradeQuery.outTradeNo(of: parameters)
            return json(
                try AlipayTradeQuery.closeResponse(
                    accepted: await sandbox.trades.close(number, of: .alipay), outTradeNo: number, signer: signer))
        case AlipayTradeBill.method:
            let day = try AlipayTradeBill.billDate(of: parameters)
            let url = sandbox.billExists(day, at: req.now) ? "\(sandbox.basePath)/alipay/bills/\(day).csv.zip" : nil
            return json(try AlipayTradeBill.response(downloadURL: url, signer: signer))
        case AlipayUserCertify.initializeMethod:
            let request = try AlipayUserCertify.initializeRequest(of: parameters)
            guard (try? NationalID(request.subject.idNumber)) != nil, !request.subject.name.isEmpty, !request.returnURL.isEmpty else {
                return json(
                    try signer.signedBody(
                        responseKey: AlipayResponseVerifier.responseKey(forMethod: AlipayUserCertify.initializeMethod),
                        node: #"{"code":"40004","msg":"Business Failed","sub_code":"CERT_NO_INVALID"}"#))
            }
            let id = await sandbox.faceChecks.start(.alipay, returnURL: request.returnURL)
            return json(try AlipayUserCertify.initializeResponse(certifyID: id, signer: signer))
        case AlipayUserCertify.queryMethod:
            let check = await sandbox.faceChecks.check(try AlipayUserCertify.certifyID(of: parameters), of: .alipay)
            return json(try AlipayUserCertify.queryResponse(passed: check?.passed == true, signer: signer))
        case AlipayOAuthToken.method:
            guard parameters["grant_type"] == "authorization_code", let code = parameters["code"],
                let userID = await sandbox.codes.redeem(code, channel: .alipay, at: req.now)
            else { return json(try AlipayOAuthToken.refusal(signer: signer)) }
            return json(try AlipayOAuthToken.response(userID: userID, accessToken: RandomNonce.make(length: 32), signer: signer))
        default:
            return json(
                try signer.signedBody(
                    responseKey: "error_response", node: #"{"code":"40004","msg":"Business Failed","sub_code":"isv.invalid-method"}"#))
        }
    }

    /// The zip of the day's GBK CSV files.
    func alipayBill(req: Request) async throws -> Response {
        guard let file = req.parameters.get("file"), file.hasSuffix(".csv.zip"), case let day = String(file.dropLast(8)),
            sandbox.billExists(day, at: req.now)
        else { return Response(status: .notFound) }
        let lines = await sandbox.trades.billLines(.alipay, day: day, feeBasisPoints: sandbox.billFeeBasisPoints)
        let zip = try AlipayTradeBill.zip(
            lines, billDate: day, pid: sandbox.alipaySellerID, exportedAt: ChinaTime.alipayTimestamp(req.now))
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "application", subType: "zip")
        return Response(status: .ok, headers: headers, body: .init(data: zip))
    }

    /// The demo student pays on the cashier: the trade is paid and its notifications go out.
    func alipayPay(req: Request) async throws -> Response {
        guard let number = req.parameters.get("out_trade_no"), let trade = await sandbox.trades.pay(number, of: .alipay, at: req.now) else {
            return json(#"{"code":"ACQ.TRADE_STATUS_ERROR","msg":"no trade waiting for payment"}"#, status: .conflict)
        }
        SandboxNotifier(sandbox: sandbox, application: req.application).notify(trade, asked: req)
        return json(#"{"code":"10000","trade_no":"\#(trade.tradeNo)","trade_status":"TRADE_SUCCESS"}"#)
    }

    func weChatAccessToken(req: Request) async throws -> Response {
        let query = try req.query.decode([String: String].self)
        guard query["appid"] == sandbox.weChatAppID, query["secret"] == sandbox.weChatSecret else {
            return json(#"{"errcode":40125,"errmsg":"invalid appsecret"}"#)
        }
        guard query["grant_type"] == "authorization_code", let code = query["code"],
            let openID = await sandbox.codes.redeem(code, channel: .wechat, at: req.now)
        else { return json(#"{"errcode":40029,"errmsg":"invalid code"}"#) }
        let answer = ["access_token": RandomNonce.make(length: 32), "openid": openID, "scope": "snsapi_base", "expires_in": "7200"]
        return json(String(decoding: try JSONEncoder().encode(answer), as: UTF8.self))
    }

    func schoolToken(req: Request) async throws -> Response {
        let form = try FormURLEncoding.decode(req.body.string ?? "")
        guard form["client_id"] == sandbox.schoolClientID, form["client_secret"] == sandbox.schoolSecret else {
            return json(#"{"error":"invalid_client"}"#, status: .unauthorized)
        }
        guard form["grant_type"] == "authorization_code", let code = form["code"],
            let userID = await sandbox.codes.redeem(code, channel: .schoolApp, at: req.now)
        else { return json(#"{"error":"invalid_grant"}"#, status: .badRequest) }
        let answer = ["access_token": RandomNonce.make(length: 32), "token_type": "Bearer", "user_id": userID]
        return json(String(decoding: try JSONEncoder().encode(answer), as: UTF8.self))
    }

    private func json(_ body: String, status: HTTPResponseStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: status, headers: headers, body: .init(string: body))
    }
}
