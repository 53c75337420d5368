import CampusCardChannels
import CampusCardCore
import CampusCardServer
import CampusCardServices
import CampusCardWeb
import Vapor

/// The channels' own pages a cardholder's browser is sent to, played locally:
/// - `GET {base}/{alipay|wechat|school}/authorize`: the consent page (授权). "同意" sends the browser back
///   to `redirect_uri` with `auth_code` (Alipay) or `code` (WeChat, the school) and the `state` it was given;
/// The demo types the channel's user id; a real channel knows who is signed in.
struct SandboxConsentPages: RouteCollection {
    let sandbox: SandboxGateway

    func boot(routes: any RoutesBuilder) throws {
        let base = sandbox.mounted(on: routes)
        for channel in BindingChannel.allCases {
            let path = PathComponent(stringLiteral: SandboxRoutes.path(of: channel))
            base.get(path, "authorize") { try consentPage(req: $0, channel: channel) }
            base.post(path, "authorize") { try await consent(req: $0, channel: channel) }
        }
    }

    func consentPage(req: Request, channel: BindingChannel) throws -> Response {
        let query = try req.query.decode([String: String].self)
        let html = Self.page("\(channel.sandboxName) · 授权（沙箱）") {
            el("p") { "CampusCard 校园卡 申请获取你的账号标识。沙箱：输入演示用户的标识后点同意。" }
            el("form", Attribute("method", "post")) {
                for name in ["redirect_uri", "state"] { void("input", [.type("hidden"), .name(name), .value(query[name] ?? "")]) }
                el("label", .for("user_id")) { "用户标识 user id" }
                void("input", [.id("user_id"), .name("user_id"), .type("text"), .value(query["user_id"] ?? ""), .required])
                el("button", .type("submit"), .id("agree")) { "同意 Agree" }
            }
        }
        return html
    }

    func consent(req: Request, channel: BindingChannel) async throws -> Response {
        let form = try req.content.decode([String: String].self)
        guard let back = form["redirect_uri"], !back.isEmpty, let user = form["user_id"], (1...128).contains(user.count) else {
            throw Abort(.badRequest, reason: "redirect_uri and user_id are required")
        }
        let code = await sandbox.codes.issue(for: ChannelIdentity(channel: channel, userID: user), at: req.now)
        let name = channel == .alipay ? "auth_code" : "code"
        return req.redirect(to: Self.appending(back, [(name, code), ("state", form["state"] ?? "")]), redirectType: .normal)
    }

    static func appending(_ url: String, _ items: [(String, String)]) -> String {
        url + (url.contains("?") ? "&" : "?") + items.map { "\($0.0)=\(ChannelEntry.formEncoded($0.1))" }.joined(separator: "&")
    }

    static func page(_ title: String, @NodeBuilder content: () -> Node) -> Response {
        let html = Node.document(
            el("html", .lang("zh-CN")) {
                el("head") {
                    void("meta", [Attribute("charset", "utf-8")])
                    void("meta", [.name("viewport"), Attribute("content", "width=device-width, initial-scale=1")])
                    el("title") { title }
                    el("style") {
                        "body{font-family:sans-serif;max-width:28em;margin:2em auto;padding:0 1em}input,button{display:block;width:100%;margin:.5em 0;padding:.8em;font:inherit}"
                    }
                }
                el("body") {
                    el("main") {
                        el("h1") { title }
                        content()
                    }
                }
            })
        var headers = HTTPHeaders()
        headers.contentType = .html
        return Response(headers: headers, body: .init(string: html))
    }
}

extension BindingChannel {
    var sandboxName: String {
        switch self {
        case .alipay: "支付宝 Alipay"
        case .wechat: "微信 WeChat"
        case .schoolApp: "学校统一身份认证 School sign-on"
        }
    }
}
