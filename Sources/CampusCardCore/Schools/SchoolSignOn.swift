import Foundation

/// How a school's own app signs its people in (统一身份认证), chosen per school. Most Chinese
/// universities run CAS; newer ones OpenID Connect. Either way the server sends the browser to the
/// school and asks the school itself who came back (CAS `/p3/serviceValidate`; OIDC's token
/// endpoint and its signed ID token), so the 学工号 is the school's word, never the browser's.
/// Nothing secret is kept here: an OIDC client secret comes from the server's environment.
public enum SchoolSignOn: Equatable, Sendable {
    /// A CAS 3.0 server, e.g. `https://ids.example.edu.cn/authserver`.
    case cas(server: String)
    /// An OpenID Connect provider, signed in with the authorization code flow, `state` and PKCE.
    case oidc(OpenIDProvider)

    public struct OpenIDProvider: Equatable, Sendable, Codable {
        /// The ID token's `iss`, exactly.
        public var issuer: String
        public var authorizationEndpoint: String
        public var tokenEndpoint: String
        public var jwksURI: String
        public var clientID: String
        /// The claim of the ID token that holds the 学工号 (`sub` unless the school says another).
        public var userClaim: String
        /// The `acr` the provider asserts after a face authentication (OIDC Core §2), when it can do
        /// one: the school app's face check is then the school's own step-up, not Tencent FaceID.
        public var faceACR: String?

        public init(
            issuer: String, authorizationEndpoint: String, tokenEndpoint: String, jwksURI: String, clientID: String,
            userClaim: String = "sub", faceACR: String? = nil
        ) {
            (self.issuer, self.authorizationEndpoint, self.tokenEndpoint) = (issuer, authorizationEndpoint, tokenEndpoint)
            (self.jwksURI, self.clientID, self.userClaim, self.faceACR) = (jwksURI, clientID, userClaim, faceACR)
        }

        enum CodingKeys: String, CodingKey {
            case issuer
            case authorizationEndpoint = "authorization_endpoint"
            case tokenEndpoint = "token_endpoint"
            case jwksURI = "jwks_uri"
            case clientID = "client_id"
            case userClaim = "user_claim"
            case faceACR = "face_acr"
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(
                issuer: try c.decode(String.self, forKey: .issuer),
                authorizationEndpoint: try c.decode(String.self, forKey: .authorizationEndpoint),
                tokenEndpoint: try c.decode(String.self, forKey: .tokenEndpoint), jwksURI: try c.decode(String.self, forKey: .jwksURI),
                clientID: try c.decode(String.self, forKey: .clientID),
                userClaim: try c.decodeIfPresent(String.self, forKey: .userClaim) ?? "sub",
                faceACR: try c.decodeIfPresent(String.self, forKey: .faceACR))
        }
    }

    /// Refuses a server the cardholder's browser (or our server) should not be sent to: the
    /// school's own over TLS, a sandbox on this machine (`http://127.0.0.1:…`,
    /// `http://localhost:…`), or the sandbox mounted in this server (a path).
    public func validate() throws(CardError) {
        switch self {
        case .cas(let server):
            guard Self.isAcceptable(server) else {
                throw .invalidField(
                    "sign_on", zh: "CAS 地址应为 https:// 开头（本机沙箱可用 http://127.0.0.1 或 /sandbox/…），不含查询参数，最长300字",
                    en: "the CAS address starts with https:// (a local sandbox: http://127.0.0.1 or /sandbox/…), has no query, "
                        + "at most 300 characters")
            }
        case .oidc(let provider):
            let addresses = [provider.issuer, provider.authorizationEndpoint, provider.tokenEndpoint, provider.jwksURI]
            guard addresses.allSatisfy(Self.isAcceptable) else {
                throw .invalidField(
                    "sign_on", zh: "OIDC 的 issuer 与各端点应为 https:// 开头（本机沙箱可用 http://127.0.0.1 或 /sandbox/…），不含查询参数，最长300字",
                    en: "the OIDC issuer and endpoints start with https:// (a local sandbox: http://127.0.0.1 or /sandbox/…), "
                        + "have no query, at most 300 characters")
            }
            guard Self.isToken(provider.clientID, length: 1...128), Self.isToken(provider.userClaim, length: 1...64) else {
                throw .invalidField(
                    "sign_on", zh: "client_id（1–128字）与 user_claim（1–64字）只能含字母、数字和 -_.:",
                    en: "client_id (1–128) and user_claim (1–64) hold letters, digits and -_.: only")
            }
            if let acr = provider.faceACR, !Self.isACR(acr) {
                throw .invalidField(
                    "sign_on", zh: "face_acr 应为1–200个可见 ASCII 字符，不含空格（如 urn:example:acr:face）",
                    en: "face_acr is 1–200 visible ASCII characters without spaces (e.g. urn:example:acr:face)")
            }
        }
    }

    static func isToken(_ text: String, length: ClosedRange<Int>) -> Bool {
        length.contains(text.count)
            && text.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.:".unicodeScalars.contains($0))
            }
    }

    /// An `acr` value goes space-separated into `acr_values`: a URI or a short name, no space.
    static func isACR(_ text: String) -> Bool {
        (1...200).contains(text.count) && text.unicodeScalars.allSatisfy { (0x21...0x7E).contains($0.value) }
    }

    static func isAcceptable(_ server: String) -> Bool {
        guard (1...300).contains(server.count), !server.hasSuffix("/"), let url = URLComponents(string: server), url.query == nil,
            url.fragment == nil, url.user == nil
        else { return false }
        switch url.scheme {
        case "https": return !(url.host ?? "").isEmpty
        case "http": return ["127.0.0.1", "localhost", "[::1]", "::1"].contains(url.host ?? "")
        case nil: return url.host == nil && server.hasPrefix("/sandbox/")
        default: return false
        }
    }
}

extension SchoolSignOn: Codable {
    private enum Key: String, CodingKey {
        case `protocol`
        case serverURL = "server_url"
        case provider
    }

    /// `{"protocol": "cas", "server_url": …}` or `{"protocol": "oidc", "provider": {"issuer": …}}`.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        switch try c.decode(String.self, forKey: .protocol) {
        case "cas": self = .cas(server: try c.decode(String.self, forKey: .serverURL))
        case "oidc": self = .oidc(try c.decode(OpenIDProvider.self, forKey: .provider))
        default: throw DecodingError.dataCorruptedError(forKey: .protocol, in: c, debugDescription: "the sign-on protocol is cas or oidc")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        switch self {
        case .cas(let server):
            try c.encode("cas", forKey: .protocol)
            try c.encode(server, forKey: .serverURL)
        case .oidc(let provider):
            try c.encode("oidc", forKey: .protocol)
            try c.encode(provider, forKey: .provider)
        }
    }
}
