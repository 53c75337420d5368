import CampusCardServices
import Vapor

/// Where the channels tell us a trade was paid (`ChannelNotifications`), each answered in the
/// channel's own words: Alipay stops retrying on the body `success`, WeChat Pay on 204, UnionPay
/// on HTTP 200 (any other status makes it send again; the body `ok` is what its demos answer).
struct ChannelNotifyRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("api", "v1", "channels", "alipay").post("notify", use: alipay)
        routes.grouped("api", "v1", "channels", "wechat").post("notify", use: weChat)
        routes.grouped("api", "v1", "channels", "bank").post("notify", use: bank)
    }

    func alipay(req: Request) async throws -> Response {
        switch try await ChannelNotifications(req.services).alipay(formBody: req.body.string ?? "") {
        case .taken: Self.text("success")
        case .unverified, .refused: Self.text("fail", .badRequest)
        case .notConfigured: Self.text("fail", .serviceUnavailable)
        }
    }

    func weChat(req: Request) async throws -> Response {
        switch try await ChannelNotifications(req.services).weChat(header: { req.headers.first(name: $0) }, body: req.body.string ?? "") {
        case .taken: Response(status: .noContent)
        case .unverified: Self.weChatFail("verification failed", .unauthorized)
        case .refused: Self.weChatFail("refused", .badRequest)
        case .notConfigured: Self.weChatFail("not configured", .serviceUnavailable)
        }
    }

    func bank(req: Request) async throws -> Response {
        switch try await ChannelNotifications(req.services).unionPay(formBody: req.body.string ?? "") {
        case .taken: Self.text("ok")
        case .unverified, .refused: Self.text("fail", .badRequest)
        case .notConfigured: Self.text("fail", .serviceUnavailable)
        }
    }

    private static func weChatFail(_ message: String, _ status: HTTPResponseStatus) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: status, headers: headers, body: .init(string: #"{"code":"FAIL","message":"\#(message)"}"#))
    }

    private static func text(_ body: String, _ status: HTTPResponseStatus = .ok) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .plainText
        return Response(status: status, headers: headers, body: .init(string: body))
    }
}

/// Where each channel posts its notifications on this server.
public enum ChannelNotifyPath {
    public static let alipay = "/api/v1/channels/alipay/notify"
    public static let weChat = "/api/v1/channels/wechat/notify"
    public static let bank = "/api/v1/channels/bank/notify"
}
