import CampusCardChannels
import CampusCardCore
import Foundation
import Testing

/// The checks OIDC Core §3.1.3.7 asks of an ID token, each refusing on its own, and PKCE's S256.
@Suite struct OpenIDConnectTests {
    static let key = try! RSASigningKey.generate()
    static let other = try! RSASigningKey.generate()
    let provider = SchoolSignOn.OpenIDProvider(
        issuer: "https://ids.example.edu.cn/oidc", authorizationEndpoint: "https://ids.example.edu.cn/oidc/authorize",
        tokenEndpoint: "https://ids.example.edu.cn/oidc/token", jwksURI: "https://ids.example.edu.cn/oidc/jwks", clientID: "campuscard")
    let at = Date(timeIntervalSince1970: 1_790_000_000)

    func token(_ changes: [String: String] = [:], key: RSASigningKey = Self.key, keyID: String = "k1") throws -> String {
        var claims = [
            "iss": #""https://ids.example.edu.cn/oidc""#, "aud": #""campuscard""#, "sub": #""20230001""#, "nonce": #""n-1""#,
            "iat": "1790000000", "exp": "1790000300",
        ]
        for (name, value) in changes { claims[name] = value }
        let body = "{" + claims.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
        return try OpenIDConnect.signedToken(claims: Data(body.utf8), keyID: keyID, key: key)
    }

    func user(_ token: String, nonce: String = "n-1", at: Date? = nil) throws -> String {
        let jwks = try JSONWebKeySet.publishing(Self.key.verifyingKey, keyID: "k1")
        return try OpenIDConnect.verifiedUser(idToken: token, jwks: jwks, provider: provider, nonce: nonce, at: at ?? self.at)
    }

    @Test func pkceS256IsRFC7636sExample() {
        #expect(
            OpenIDConnect.challenge(for: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
    }

    @Test func theAuthorizationRequestCarriesStateNonceAndTheChallenge() throws {
        let url = try #require(
            URLComponents(
                string: OpenIDConnect.authorizeURL(
                    provider, redirectURI: "https://card.example.edu.cn/h5/TSU/signed-in?channel=school_app", state: "s1", nonce: "n1",
                    verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")))
        let query = Dictionary(uniqueKeysWithValues: (url.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(url.path == "/oidc/authorize")
        #expect(
            query == [
                "response_type": "code", "client_id": "campuscard", "scope": "openid", "state": "s1", "nonce": "n1",
                "redirect_uri": "https://card.example.edu.cn/h5/TSU/signed-in?channel=school_app",
                "code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method": "S256",
            ])
        let form = OpenIDConnect.tokenForm(code: "c", redirectURI: "r", clientID: "campuscard", verifier: "v", secret: nil)
        #expect(
            form == ["grant_type": "authorization_code", "code": "c", "redirect_uri": "r", "client_id": "campuscard", "code_verifier": "v"])
        #expect(
            OpenIDConnect.tokenForm(code: "c", redirectURI: "r", clientID: "campuscard", verifier: "v", secret: "s")["client_secret"] == "s"
        )
    }

    @Test func aGoodTokenNamesTheUser() throws {
        #expect(try user(try token()) == "20230001")
        #expect(try user(try token(["aud": #"["campuscard","other"]"#, "azp": #""campuscard""#])) == "20230001")
        #expect(try user(try token(["sub": "20230001"])) == "20230001")
    }

    @Test(arguments: [
        ("iss", #""https://evil.example.com/oidc""#), ("aud", #""another-client""#), ("aud", #"["campuscard","other"]"#),
        ("exp", "1789999000"), ("iat", "1790001000"), ("nonce", #""n-2""#), ("sub", #""""#), ("sub", "null"),
    ])
    func aTokenFailingOneCheckIsRefused(claim: String, value: String) throws {
        let token = try token([claim: value])
        #expect(throws: ChannelError.self) { try user(token) }
    }

    @Test func aTokenSignedByAnotherKeyOrAnotherAlgorithmIsRefused() throws {
        #expect(throws: ChannelError.badSignature) { try user(try token(key: Self.other)) }
        #expect(throws: ChannelError.badSignature) { try user(try token(keyID: "k2")) }
        let parts = try token().split(separator: ".").map(String.init)
        let none = Data(#"{"alg":"none"}"#.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
        #expect(throws: ChannelError.unsupportedAlgorithm("none")) { try user("\(none).\(parts[1]).") }
        #expect(throws: ChannelError.self) { try user("not.a.token") }
        #expect(throws: ChannelError.self) { try user("") }
    }

    @Test func theTokenAnswerOrItsRefusal() throws {
        #expect(
            try OpenIDConnect.idToken(fromTokenResponse: Data(#"{"access_token":"a","token_type":"Bearer","id_token":"x.y.z"}"#.utf8))
                == "x.y.z")
        #expect(throws: ChannelError.rejected("invalid_grant")) {
            try OpenIDConnect.idToken(fromTokenResponse: Data(#"{"error":"invalid_grant"}"#.utf8))
        }
        #expect(throws: ChannelError.missingField("id_token")) {
            try OpenIDConnect.idToken(fromTokenResponse: Data(#"{"access_token":"a"}"#.utf8))
        }
    }
}
