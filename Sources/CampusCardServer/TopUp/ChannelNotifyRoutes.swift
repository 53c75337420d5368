import CampusCardChannels
import CampusCardCore
import CampusCardStore
import Vapor

/// Where the channels tell us a trade was paid. Nothing here trusts the caller: the signature is
/// checked with the channel's key, then the app id, the order and its amount; a paid order is
/// credited once (a duplicate answers as the first did). The answer is the channel's own:
/// Alipay stops retrying on the body `success`.
struct ChannelNotifyRoutes: RouteCollection {
    static let alipayPath = "/api/v1/channels/alipay/notify"
    static let weChatPath = "/api/v1/channels/wechat/notify"
    static let bankPath = "/api/v1/channels/bank/notify"

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("api", "v1", "channels", "alipay").post("notify", use: alipay)
        routes.grouped("api", "v1", "channels", "wechat").post("notify", use: weChat)
        routes.grouped("api", "v1", "channels", "bank").post("notify", use: bank)
    }

    /// The bank gateway's result of a card payment: paid (credited once), or refused, which fails
    /// the order with the bank's reason and gives the day's limit back. Answered `ok`.
    func bank(req: Request) async throws -> Response {
        let log = try ChannelNotificationLog(req.store.sql)
        guard let access = req.application.campusCard.channelAccess?.bank else { return Self.text("fail", .serviceUnavailable) }
        let fields: [String: String]
        do {
            fields = try BankGatewayMessage.verified(formBody: req.body.string ?? "", key: access.gatewayKey)
            guard fields["merId"] == access.merchantID, let orderNo = fields["orderId"], !orderNo.isEmpty,
                let total = fields["txnAmt"].flatMap(Int64.init), total >= 0
            else { throw ChannelError.malformedField("merId, orderId or txnAmt") }
            guard let result = BankGatewayMessage.Result(rawValue: fields["respCode"] ?? "") else {
                throw ChannelError.malformedField("respCode")
            }
            if result == .success {
                let notice = PaymentNotice(
                    provider: .unionPay, orderNo: orderNo, channelTradeNo: fields["queryId"], paidTotal: Money(fen: total))
                return try await Self.credit(notice, log: log, req: req) ? Self.text("ok") : Self.text("fail", .badRequest)
            }
            guard let order = try await TopUpOrders(req.store).order(number: orderNo), order.provider == .unionPay else {
                try await log.record(.unionPay, orderNo: orderNo, outcome: .refused, detail: "unknown order", at: req.now)
                return Self.text("fail", .badRequest)
            }
            try await TopUpOrders(req.store).fail(order, reason: Self.refusalCode(result).rawValue, at: req.now)
            try await log.record(.unionPay, orderNo: orderNo, outcome: .ignored, detail: "bank refused: \(result)", at: req.now)
            return Self.text("ok")
        } catch let error as ChannelError {
            try await log.record(.unionPay, orderNo: nil, outcome: .refused, detail: "not verified: \(error)", at: req.now)
            return Self.text("fail", .badRequest)
        }
    }

    static func refusalCode(_ result: BankGatewayMessage.Result) -> CardError.Code {
        switch result {
        case .success: .internalError
        case .onlinePaymentDisabled: .bankOnlinePaymentDisabled
        case .overBankLimit: .bankLimitExceeded
        case .insufficientFunds: .bankInsufficientFunds
        case .blockedByBank: .bankBlocked
        }
    }

    /// WeChat Pay's callback: headers signed over timestamp, nonce and body with the platform
    /// key (stale timestamps refused), the resource decrypted with the APIv3 key, then our
    /// merchant and app ids, the order and its amount. WeChat stops retrying on 204.
    func weChat(req: Request) async throws -> Response {
        let log = try ChannelNotificationLog(req.store.sql)
        guard let access = req.application.campusCard.channelAccess?.weChatPay else {
            return Self.weChatFail("not configured", .serviceUnavailable)
        }
        let transaction: WeChatPayTransaction
        do {
            let headers = try WeChatPaySignatureHeaders { req.headers.first(name: $0) }
            transaction = try WeChatPayCallbackVerifier(platformKeys: access.platformKeys, apiV3Key: access.apiV3Key)
                .verify(headers, body: req.body.string ?? "", now: req.now).transaction
            guard transaction.mchID == access.mchID, transaction.appID == access.appID else { throw ChannelError.malformedField("mchid") }
        } catch {
            try await log.record(.wechatPay, orderNo: nil, outcome: .refused, detail: "not verified: \(error)", at: req.now)
            return Self.weChatFail("verification failed", .unauthorized)
        }
        guard transaction.tradeState == .success else {
            try await log.record(
                .wechatPay, orderNo: transaction.outTradeNo, outcome: .ignored, detail: transaction.tradeState.rawValue, at: req.now)
            return Response(status: .noContent)
        }
        let notice = PaymentNotice(
            provider: .wechatPay, orderNo: transaction.outTradeNo, channelTradeNo: transaction.transactionID,
            paidTotal: Money(fen: transaction.amount.total))
        return try await Self.credit(notice, log: log, req: req) ? Response(status: .noContent) : Self.weChatFail("refused", .badRequest)
    }

    private static func weChatFail(_ message: String, _ status: HTTPResponseStatus) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: status, headers: headers, body: .init(string: #"{"code":"FAIL","message":"\#(message)"}"#))
    }

    func alipay(req: Request) async throws -> Response {
        let log = try ChannelNotificationLog(req.store.sql)
        guard let access = req.application.campusCard.channelAccess?.alipay else { return Self.text("fail", .serviceUnavailable) }
        let notification: AlipayTradeNotification
        do {
            notification = try AlipayNotificationVerifier(appID: access.appID, alipayPublicKey: access.alipayPublicKey)
                .verify(formBody: req.body.string ?? "")
        } catch {
            try await log.record(.alipay, orderNo: nil, outcome: .refused, detail: "not verified: \(error)", at: req.now)
            return Self.text("fail", .badRequest)
        }
        guard notification.tradeStatus.isPaid else {
            try await log.record(
                .alipay, orderNo: notification.outTradeNo, outcome: .ignored, detail: notification.tradeStatus.rawValue, at: req.now)
            return Self.text("success")
        }
        let notice = PaymentNotice(
            provider: .alipay, orderNo: notification.outTradeNo, channelTradeNo: notification.tradeNo,
            paidTotal: Money(fen: notification.totalFen))
        return try await Self.credit(notice, log: log, req: req) ? Self.text("success") : Self.text("fail", .badRequest)
    }

    /// Credits and logs (in the credit's own transaction); false when the notice was refused.
    static func credit(_ notice: PaymentNotice, log: ChannelNotificationLog, req: Request) async throws -> Bool {
        do {
            _ = try await TopUpCrediting(req.store, batcher: req.application.creditBatcher).credit(
                notice, at: req.now, logging: notice.paidTotal.yuanString)
            return true
        } catch let refusal as PaymentNoticeRefusal {
            try await log.record(notice.provider, orderNo: notice.orderNo, outcome: .refused, detail: "\(refusal)", at: req.now)
            return false
        }
    }

    private static func text(_ body: String, _ status: HTTPResponseStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .plainText
        return Response(status: status, headers: headers, body: .init(string: body))
    }
}
