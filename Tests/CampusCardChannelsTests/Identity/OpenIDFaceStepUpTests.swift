import CampusCardChannels
import CampusCardCore
import Foundation
import Testing

/// The face step-up asked of a school's provider (OIDC Core §3.1.2.1) and what its ID token must
/// show, each check refusing on its own.
extension OpenIDConnectTests {
    var stepUp: OpenIDFaceStepUp { OpenIDFaceStepUp(acr: "urn:ids:acr:face", user: "20230001", startedAt: at.addingTimeInterval(-60)) }

    func verified(_ token: String) throws -> OpenIDConnect.VerifiedToken {
        let jwks = try JSONWebKeySet.publishing(Self.key.verifyingKey, keyID: "k1")
        return try OpenIDConnect.verified(idToken: token, jwks: jwks, provider: provider, nonce: "n-1", at: at)
    }

    @Test func aFaceStepUpAsksForAFreshFaceOfTheHolder() throws {
        let url = try #require(
            URLComponents(
                string: OpenIDConnect.authorizeURL(
                    provider, redirectURI: "https://card.example.edu.cn/h5/TSU/face/signed-in", state: "CC1", nonce: "n1", verifier: "v",
                    stepUp: stepUp)))
        let query = Dictionary(uniqueKeysWithValues: (url.queryItems ?? []).map { ($0.name, $0.value ?? "") })
        #expect(query["prompt"] == "login" && query["max_age"] == "0")
        #expect(query["acr_values"] == "urn:ids:acr:face" && query["login_hint"] == "20230001")
        #expect(query["state"] == "CC1" && query["nonce"] == "n1" && query["code_challenge_method"] == "S256")
    }

    @Test func aStepUpTokenPassesOnlyWithAFreshFaceOfTheHolder() throws {
        let face = ["auth_time": "1789999950", "acr": #""urn:ids:acr:face""#, "amr": #"["face","mfa"]"#]
        let good = try verified(try token(face))
        #expect(good.user == "20230001" && good.acr == "urn:ids:acr:face" && good.amr == ["face", "mfa"])
        #expect(good.authTime == Date(timeIntervalSince1970: 1_789_999_950))
        try stepUp.check(good)
        // No `amr` is no claim against the face; within the clock skew before the start is fresh.
        try stepUp.check(try verified(try token(face.merging(["amr": "null", "auth_time": "1789999821"]) { $1 })))

        let refusals: [([String: String], String)] = [
            (["auth_time": "null"], "auth_time"), (["auth_time": "1789999819"], "auth_time"), (["acr": "null"], "acr"),
            (["acr": #""urn:ids:acr:password""#], "acr"), (["amr": #"["pwd"]"#], "amr"), (["sub": #""20230002""#], "user"),
        ]
        for (change, field) in refusals {
            let claims = try verified(try token(face.merging(change) { $1 }))
            #expect(throws: ChannelError.malformedField(field), "\(change)") { try stepUp.check(claims) }
        }
    }
}
