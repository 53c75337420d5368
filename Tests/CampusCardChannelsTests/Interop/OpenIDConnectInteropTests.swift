import CampusCardChannels
import CampusCardCore
import Foundation
import Testing

/// ID tokens both ways against PyJWT: a provider's token and key set that PyJWT makes are believed
/// by our checks (and not once altered); a token and key set we make (the sandbox's) verify in PyJWT.
@Suite(.disabled(if: Peer.skipRequested, "CAMPUSCARD_SKIP_PEER_TESTS=1"))
struct OpenIDConnectInteropTests {
    let provider = SchoolSignOn.OpenIDProvider(
        issuer: "https://ids.example.edu.cn/oidc", authorizationEndpoint: "https://ids.example.edu.cn/oidc/authorize",
        tokenEndpoint: "https://ids.example.edu.cn/oidc/token", jwksURI: "https://ids.example.edu.cn/oidc/jwks", clientID: "campuscard",
        userClaim: "student_id")
    let at = Date(timeIntervalSince1970: 1_790_000_000)

    @Test func aTokenPyJWTSignsIsBelievedAndNotOnceAltered() throws {
        let pair = try #require(try Peer.keyPairs(1).first)
        let claims: [String: Any] = [
            "iss": provider.issuer, "aud": "campuscard", "sub": "u-81", "student_id": "20230001", "nonce": "n-1",
            "iat": Int(at.timeIntervalSince1970), "exp": Int(at.timeIntervalSince1970) + 300,
        ]
        let token = try #require(
            try Peer.call("oidc_peer.py", "sign_id_token", ["claims": claims, "private_key": pair.pkcs8_pem, "kid": "k1"])["id_token"]
                as? String)
        let jwks = try JSONSerialization.data(
            withJSONObject: try #require(
                try Peer.call("oidc_peer.py", "publish_jwks", ["public_key": pair.public_pem, "kid": "k1"])["jwks"]))
        #expect(try OpenIDConnect.verifiedUser(idToken: token, jwks: jwks, provider: provider, nonce: "n-1", at: at) == "20230001")

        let parts = token.split(separator: ".").map(String.init)
        let otherPayload = Data(
            #"{"iss":"https://ids.example.edu.cn/oidc","aud":"campuscard","student_id":"20230002","nonce":"n-1","iat":1790000000,"exp":1790000300}"#
                .utf8
        )
        .base64EncodedString().replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "+", with: "-")
        .replacingOccurrences(of: "/", with: "_")
        let altered = [parts[0], otherPayload, parts[2]].joined(separator: ".")
        #expect(throws: ChannelError.badSignature) {
            try OpenIDConnect.verifiedUser(idToken: altered, jwks: jwks, provider: provider, nonce: "n-1", at: at)
        }
    }

    @Test func aTokenWeSignVerifiesInPyJWTWithTheKeySetWePublish() throws {
        let key = try RSASigningKey.generate()
        let claims = Data(
            #"{"iss":"https://ids.example.edu.cn/oidc","aud":"campuscard","sub":"20230001","nonce":"n-2","iat":1790000000,"exp":1790000600}"#
                .utf8)
        let token = try OpenIDConnect.signedToken(claims: claims, keyID: "sandbox-1", key: key)
        let jwks = try JSONSerialization.jsonObject(with: try JSONWebKeySet.publishing(key.verifyingKey, keyID: "sandbox-1"))
        let answer = try Peer.call(
            "oidc_peer.py", "verify_id_token",
            ["id_token": token, "jwks": jwks, "audience": "campuscard", "issuer": "https://ids.example.edu.cn/oidc"])
        let verified = try #require(answer["claims"] as? [String: Any])
        #expect(verified["sub"] as? String == "20230001" && verified["nonce"] as? String == "n-2")
    }
}
