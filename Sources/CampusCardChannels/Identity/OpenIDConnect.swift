import CampusCardCore
import Crypto
import Foundation
import _CryptoExtras

/// OpenID Connect's authorization code flow as a school's provider runs it (OIDC Core 1.0 §3.1,
/// RFC 7636 PKCE with S256): the browser goes to the authorization endpoint with `state`,
/// `nonce` and the code challenge; the server trades the code it came back with at the token
/// endpoint (with the verifier) and believes only the ID token the provider signed (RS256, a
/// key of its JWKS), for this client, from this issuer, unexpired, carrying our nonce.
public enum OpenIDConnect {
    /// Tolerated difference between the provider's clock and ours.
    public static let clockSkew: TimeInterval = 120

    public static func authorizeURL(
        _ provider: SchoolSignOn.OpenIDProvider, redirectURI: String, state: String, nonce: String, verifier: String,
        stepUp: OpenIDFaceStepUp? = nil
    ) -> String {
        let items =
            [
                ("response_type", "code"), ("client_id", provider.clientID), ("redirect_uri", redirectURI), ("scope", "openid"),
                ("state", state), ("nonce", nonce), ("code_challenge", challenge(for: verifier)), ("code_challenge_method", "S256"),
            ] + (stepUp?.parameters ?? [])
        return provider.authorizationEndpoint + "?" + items.map { "\($0.0)=\(FormURLEncoding.percentEncode($0.1))" }.joined(separator: "&")
    }

    /// PKCE's S256: BASE64URL(SHA256(ASCII(verifier))), no padding.
    public static func challenge(for verifier: String) -> String {
        base64URL(Data(SHA256.hash(data: Data(verifier.utf8))))
    }

    /// The token request's form (`client_secret_post` when the school gave us a secret; a public
    /// client proves itself by the verifier alone).
    public static func tokenForm(code: String, redirectURI: String, clientID: String, verifier: String, secret: String?) -> [String: String]
    {
        var form = [
            "grant_type": "authorization_code", "code": code, "redirect_uri": redirectURI, "client_id": clientID, "code_verifier": verifier,
        ]
        form["client_secret"] = secret
        return form
    }

    /// `{"id_token": …}`, or RFC 6749's `{"error": "invalid_grant"}`.
    public static func idToken(fromTokenResponse data: Data) throws -> String {
        struct Answer: Decodable {
            var id_token: String?
            var error: String?
        }
        let answer = try decodeJSON(Answer.self, from: data)
        if let error = answer.error { throw ChannelError.rejected(error) }
        guard let token = answer.id_token, !token.isEmpty else { throw ChannelError.missingField("id_token") }
        return token
    }

    /// What a verified ID token says of its sign-in: the provider's user claim, and how and when
    /// the user authenticated (`auth_time`, `acr`, `amr`; OIDC Core §2), which a step-up checks.
    public struct VerifiedToken: Sendable, Equatable {
        public var user: String
        public var authTime: Date?
        public var acr: String?
        public var amr: [String]?
    }

    /// The value of the provider's user claim in `idToken`, once every check of OIDC Core §3.1.3.7
    /// that applies to us holds.
    public static func verifiedUser(
        idToken: String, jwks: Data, provider: SchoolSignOn.OpenIDProvider, nonce: String, at now: Date
    ) throws -> String {
        try verified(idToken: idToken, jwks: jwks, provider: provider, nonce: nonce, at: now).user
    }

    /// `idToken`'s sign-in, once every check of OIDC Core §3.1.3.7 that applies to us holds.
    public static func verified(
        idToken: String, jwks: Data, provider: SchoolSignOn.OpenIDProvider, nonce: String, at now: Date
    ) throws -> VerifiedToken {
        let parts = idToken.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerData = data(base64URL: parts[0]), let payload = data(base64URL: parts[1]),
            let signature = data(base64URL: parts[2])
        else { throw ChannelError.malformedField("id_token") }
        struct Header: Decodable {
            var alg: String
            var kid: String?
        }
        let header = try decodeJSON(Header.self, from: headerData)
        guard header.alg == "RS256" else { throw ChannelError.unsupportedAlgorithm(header.alg) }
        let keys = try JSONWebKeySet(jwks).keys.filter { header.kid == nil || $0.id == header.kid }
        let signed = Data("\(parts[0]).\(parts[1])".utf8)
        guard
            keys.contains(where: {
                $0.key.isValidSignature(
                    _RSA.Signing.RSASignature(rawRepresentation: signature), for: SHA256.hash(data: signed), padding: .insecurePKCS1v1_5)
            })
        else { throw ChannelError.badSignature }

        let claims = try decodeJSON([String: Claim].self, from: payload)
        guard claims["iss"]?.text == provider.issuer else { throw ChannelError.malformedField("iss") }
        let audience = claims["aud"]?.texts ?? []
        guard audience.contains(provider.clientID) else { throw ChannelError.malformedField("aud") }
        if audience.count > 1, claims["azp"]?.text != provider.clientID { throw ChannelError.malformedField("azp") }
        guard let expires = claims["exp"]?.number, now.timeIntervalSince1970 < expires + clockSkew else {
            throw ChannelError.malformedField("exp")
        }
        guard let issued = claims["iat"]?.number, issued <= now.timeIntervalSince1970 + clockSkew else {
            throw ChannelError.malformedField("iat")
        }
        guard claims["nonce"]?.text == nonce else { throw ChannelError.malformedField("nonce") }
        guard let user = claims[provider.userClaim]?.text, !user.isEmpty else { throw ChannelError.missingField(provider.userClaim) }
        return VerifiedToken(
            user: user, authTime: claims["auth_time"]?.number.map(Date.init(timeIntervalSince1970:)), acr: claims["acr"]?.text,
            amr: claims["amr"]?.texts)
    }

    /// A claim's value as far as these checks read it: a string, a number, a list of strings.
    enum Claim: Decodable {
        case string(String)
        case number(Double)
        case strings([String])
        case other

        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let text = try? c.decode(String.self) {
                self = .string(text)
            } else if let number = try? c.decode(Double.self) {
                self = .number(number)
            } else if let texts = try? c.decode([String].self) {
                self = .strings(texts)
            } else {
                self = .other
            }
        }

        /// A string claim; a whole number (a 学工号 some providers send as one) as its digits.
        var text: String? {
            switch self {
            case .string(let text): text
            case .number(let number) where number == number.rounded() && abs(number) < 1e15: String(Int64(number))
            default: nil
            }
        }

        var texts: [String]? {
            switch self {
            case .string(let text): [text]
            case .strings(let texts): texts
            default: nil
            }
        }

        var number: Double? {
            if case .number(let number) = self { number } else { nil }
        }
    }

    /// An ID token signed RS256 with `key` (what a provider, here the sandbox, issues).
    public static func signedToken(claims: Data, keyID: String, key: RSASigningKey) throws -> String {
        let header = base64URL(Data(#"{"alg":"RS256","typ":"JWT","kid":"\#(keyID)"}"#.utf8))
        let text = "\(header).\(base64URL(claims))"
        guard let signature = Data(base64Encoded: try key.sign(text)) else { throw ChannelError.badSignature }
        return "\(text).\(base64URL(signature))"
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func data(base64URL text: some StringProtocol) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64)
    }
}

/// A provider's published signing keys (RFC 7517): the RSA ones meant for signatures.
public struct JSONWebKeySet: Sendable {
    public struct Key: Sendable {
        public var id: String?
        let key: _RSA.Signing.PublicKey
    }

    public var keys: [Key]

    public init(_ data: Data) throws {
        struct Set: Decodable {
            struct Entry: Decodable {
                var kty: String
                var kid: String?
                var use: String?
                var alg: String?
                var n: String?
                var e: String?
            }
            var keys: [Entry]
        }
        keys = try decodeJSON(Set.self, from: data).keys.compactMap { entry in
            guard entry.kty == "RSA", entry.use ?? "sig" == "sig", entry.alg ?? "RS256" == "RS256",
                let n = entry.n.flatMap({ OpenIDConnect.data(base64URL: $0) }),
                let e = entry.e.flatMap({ OpenIDConnect.data(base64URL: $0) }),
                let key = try? _RSA.Signing.PublicKey(n: n, e: e)
            else { return nil }
            return Key(id: entry.kid, key: key)
        }
    }

    /// The set publishing `key` as `keyID` (what the sandbox's `jwks_uri` answers).
    public static func publishing(_ key: RSAVerifyingKey, keyID: String) throws -> Data {
        let numbers = try key.key.getKeyPrimitives()
        let entry = [
            "kty": "RSA", "kid": keyID, "use": "sig", "alg": "RS256", "n": OpenIDConnect.base64URL(numbers.modulus),
            "e": OpenIDConnect.base64URL(numbers.publicExponent),
        ]
        return try JSONEncoder().encode(["keys": [entry]])
    }
}
