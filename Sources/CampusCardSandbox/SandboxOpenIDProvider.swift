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
/// A step-up (`prompt=login` or `max_age=0`, with `acr_values`) asks again with a face step (pass
/// or fail); the ID token then carries `auth_time`, and the requested `acr` with `amr: ["face"]`
/// only when the face passed. A third choice plays a provider that ignores the step-up and vouches
/// for an hour-old sign-in.
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
        var authTime: Date
        /// The face step's outcome: the `acr` and `amr` the token asserts.
        var acr: String?
        var amr: [String]
    }

    func boot(routes: any RoutesBuilder) throws {
        let oidc = sandbox.mounted(on: routes).grouped("school", "oidc")
        oidc.get("authorize", use: authorizePage)
        oidc.post("authorize", use: authorize)
        oidc.post("token", use: token)
        oidc.get("jwks", use: jwks)
    }

    static let carried = ["client_id", "redirect_uri", "state", "nonce", "code_challenge", "acr_values"]

    /// The face step a step-up asks for: the `acr` requested with a fresh authentication.
    static func stepUpACR(_ query: [String: String]) -> String? {
        let fresh = query["prompt"]?.split(separator: " ").contains("login") == true || query["max_age"] == "0"
        return fresh ? query["acr_values"]?.split(separator: " ").first.map(String.init) : nil
    }

    func authorizePage(req: Request) throws -> Response {
        let query = try req.query.decode([String: String].self)
        guard query["response_type"] == "code", query["scope"]?.split(separator: " ").contains("openid") == true,
            query["code_challenge_method"] == "S256", Self.carried.prefix(2).allSatisfy({ !(query[$0] ?? "").isEmpty }),
            !(query["code_challenge"] ?? "").isEmpty
        else { throw Abort(.badRequest, reason: "response_type=code, scope=openid, client_id, redirect_uri and PKCE S256 are required") }
        let faceStep = Self.stepUpACR(query) != nil
        return SandboxConsentPages.page(faceStep ? "人脸认证（沙箱）Face check" : "统一身份认证（沙箱）OpenID sign-on") {
            el("p") {
                faceStep
                    ? "沙箱：学校要求重新认证并刷脸，选择结果。Sandbox: the school asks again, with a face check: choose its outcome."
                    : "沙箱：输入学工号即登录，不核对密码。Sandbox: any 学工号 signs in, no password checked."
            }
            el("form", Attribute("method", "post")) {
                for name in Self.carried + ["prompt", "max_age"] {
                    void("input", [.type("hidden"), .name(name), .value(query[name] ?? "")])
                }
                el("label", .for("username")) { "学工号 username" }
                void("input", [.id("username"), .name("username"), .type("text"), .value(query["login_hint"] ?? ""), .required])
                if faceStep {
                    el("button", .type("submit"), .id("face-pass"), .name("face"), .value("pass")) { "刷脸通过 Face passes" }
                    el("button", .type("submit"), .id("face-fail"), .name("face"), .value("fail")) { "刷脸未通过 Face fails" }
                    el("button", .type("submit"), .id("face-earlier"), .name("face"), .value("earlier")) {
                        "沿用一小时前的登录 Keep an hour-old sign-in"
                    }
                } else {
                    el("button", .type("submit"), .id("sign-on")) { "登录 Sign in" }
                }
            }
        }
    }

    func authorize(req: Request) async throws -> Response {
        let form = try req.content.decode([String: String].self)
        guard let user = form["username"], (1...64).contains(user.count), let clientID = form["client_id"], let back = form["redirect_uri"],
            let challenge = form["code_challenge"], !challenge.isEmpty
        else { throw Abort(.badRequest, reason: "username, client_id, redirect_uri and code_challenge are required") }
        let acr = Self.stepUpACR(form)
        let face = acr == nil ? nil : form["face"]
        let grant = Grant(
            user: user, clientID: clientID, redirectURI: back, challenge: challenge, nonce: form["nonce"],
            authTime: req.now.addingTimeInterval(face == "earlier" ? -3600 : 0), acr: face == "fail" ? nil : acr,
            amr: face == "fail" || face == nil ? ["pwd"] : ["face"])
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
        var claims: [String: Any] = [
            "iss": issuer(req), "sub": grant.user, "aud": grant.clientID, "iat": now, "exp": now + 600,
            "auth_time": Int(grant.authTime.timeIntervalSince1970), "amr": grant.amr,
        ]
        if let nonce = grant.nonce { claims["nonce"] = nonce }
        if let acr = grant.acr { claims["acr"] = acr }
        let body = try JSONSerialization.data(withJSONObject: claims, options: [.sortedKeys])
        let idToken = try OpenIDConnect.signedToken(claims: body, keyID: Self.keyID, key: sandbox.schoolSignOnKey)
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
