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

    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("api", "v1", "channels", "alipay").post("notify", use: alipay)
    }

    func alipay(req: Request) async throws -> Response {
        let log = ChannelNotificationLog(req.store.sql)
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

    /// Credits and logs; false when the notice was refused.
    static func credit(_ notice: PaymentNotice, log: ChannelNotificationLog, req: Request) async throws -> Bool {
        do {
            let outcome = try await TopUpCrediting(req.store).credit(notice, at: req.now)
            let kind: ChannelNotificationLog.Outcome =
                switch outcome {
                case .credited: .credited
                case .alreadyCredited: .duplicate
                case .heldForServiceCenter: .held
                }
            try await log.record(notice.provider, orderNo: notice.orderNo, outcome: kind, detail: notice.paidTotal.yuanString, at: req.now)
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
