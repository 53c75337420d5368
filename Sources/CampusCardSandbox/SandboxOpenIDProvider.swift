import CampusCardChannels
import CampusCardCore
import CampusCardWeb
import Foundation
import Vapor

/// A school's OpenID Connect provider, played locally (OIDC Core 1.0, authorization code flow,
/// PKCE S256 required):
/// - `GET {base}/school/oidc/authorize?response_type=code&client_id&redirect_uri&scope=openid&state&nonce&code_challenge&code_challenge_method=S256`:
///   the sign-on page; signing in sends the browser to `redirect_uri` with `code` and `state`;
/// - `POST {base}/school/oidc/token` (form): the code traded for `id_token` (RS256), checked
///   against the client, the redirect URI and the verifier; `invalid_grant` / `invalid_client` else;
/// - `GET {base}/school/oidc/jwks`: the key the ID tokens are signed with.
/// Its issuer is `{origin}{base}/school/oidc` (no origin when called inside this server). A
/// client secret, when sent, must be the sandbox's school secret; without one the client is public.
struct SandboxOpenIDProvider: RouteCollection {
    let sandbox: SandboxGateway
    static let keyID = "sandbox-school-1"

    struct Grant: Sendable {
        var user: String
        var clientID: String
        var redirectURI: String
        var challenge: String
        var nonce: String?
    }

    func boot(routes: any RoutesBuilder) throws {
        let oidc = sandbox.mounted(on: routes).grouped("school", "oidc")
        oidc.get("authorize", use: authorizePage)
        oidc.post("authorize", use: authorize)
        oidc.post("token", use: token)
        oidc.get("jwks", use: jwks)
    }

    static let carried = ["client_id", "redirect_uri", "state", "nonce", "code_challenge"]

    func authorizePage(req: Request) throws -> Response {
        let query = try req.query.decode([String: String].self)
        guard query["response_type"] == "code", query["scope"]?.split(separator: " ").contains("openid") == true,
            query["code_challenge_method"] == "S256", Self.carried.prefix(2).allSatisfy({ !(query[$0] ?? "").isEmpty }),
            !(query["code_challenge"] ?? "").isEmpty
        else { throw Abort(.badRequest, reason: "response_type=code, scope=openid, client_id, redirect_uri and PKCE S256 are required") }
        return SandboxConsentPages.page("统一身份认证（沙箱）OpenID sign-on") {
            el("p") { "沙箱：输入学工号即登录，不核对密码。Sandbox: any 学工号 signs in, no password checked." }
            el("form", Attribute("method", "post")) {
                for name in Self.carried { void("input", [.type("hidden"), .name(name), .value(query[name] ?? "")]) }
                el("label", .for("username")) { "学工号 username" }
                void("input", [.id("username"), .name("username"), .type("text"), .required])
                el("button", .type("submit"), .id("sign-on")) { "登录 Sign in" }
            }
        }
    }

    func authorize(req: Request) async throws -> Response {
        let form = try req.content.decode([String: String].self)
        guard let user = form["username"], (1...64).contains(user.count), let clientID = form["client_id"], let back = form["redirect_uri"],
            let challenge = form["code_challenge"], !challenge.isEmpty
        else { throw Abort(.badRequest, reason: "username, client_id, redirect_uri and code_challenge are required") }
        let grant = Grant(user: user, clientID: clientID, redirectURI: back, challenge: challenge, nonce: form["nonce"])
        let code = await sandbox.openIDCodes.issue(grant, prefix: "", at: req.now)
        return req.redirect(
            to: SandboxConsentPages.appending(back, [("code", code), ("state", form["state"] ?? "")]), redirectType: .normal)
    }

    func token(req: Request) async throws -> Response {
        let form = try FormURLEncoding.decode(req.body.string ?? "")
        if let secret = form["client_secret"], secret != sandbox.schoolSecret { return error("invalid_client", .unauthorized) }
        guard form["grant_type"] == "authorization_code", let code = form["code"],
            let grant = await sandbox.openIDCodes.redeem(code, at: req.now),
            grant.clientID == form["client_id"], grant.redirectURI == form["redirect_uri"],
            let verifier = form["code_verifier"], OpenIDConnect.challenge(for: verifier) == grant.challenge
        else { return error("invalid_grant", .badRequest) }
        let now = Int(req.now.timeIntervalSince1970)
        var claims: [String: String] = ["iss": issuer(req), "sub": grant.user, "aud": grant.clientID]
        claims["nonce"] = grant.nonce
        var body = String(decoding: try JSONEncoder().encode(claims), as: UTF8.self)
        body.removeLast()
        body += #","iat":\#(now),"exp":\#(now + 600)}"#
        let idToken = try OpenIDConnect.signedToken(claims: Data(body.utf8), keyID: Self.keyID, key: sandbox.schoolSignOnKey)
        let answer = ["access_token": RandomNonce.make(length: 32), "token_type": "Bearer", "id_token": idToken]
        return json(try JSONEncoder().encode(answer))
    }

    func jwks(req: Request) throws -> Response {
        json(try JSONWebKeySet.publishing(sandbox.schoolSignOnKey.verifyingKey, keyID: Self.keyID))
    }

    func issuer(_ req: Request) -> String {
        (req.headers.first(name: .host).map { "http://\($0)" } ?? "") + sandbox.basePath + "/school/oidc"
    }

    private func error(_ code: String, _ status: HTTPResponseStatus) -> Response {
        let response = json(Data(#"{"error":"\#(code)"}"#.utf8))
        response.status = status
        return response
    }

    private func json(_ data: Data) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(headers: headers, body: .init(data: data))
    }
}
