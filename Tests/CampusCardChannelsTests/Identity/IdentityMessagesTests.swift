import CampusCardChannels
import CampusCardCore
import Foundation
import Testing

@Suite struct IdentityMessagesTests {
    static let alipay = try! RSASigningKey.generate()
    static let app = try! RSASigningKey.generate()

    @Test func theOAuthTokenRequestIsSignedAndTheAnswerVerified() throws {
        let signer = AlipayRequestSigner(appID: "2021000000000001", appPrivateKey: Self.app)
        let at = Date(timeIntervalSince1970: 1_790_000_000)
        let parameters = try AlipayOAuthToken.requestParameters(authCode: "code-1", signer: signer, at: at)
        #expect(parameters["method"] == "alipay.system.oauth.token")
        #expect(parameters["grant_type"] == "authorization_code" && parameters["code"] == "code-1")
        #expect(parameters["biz_content"] == nil)
        try AlipayRequestVerifier(appPublicKey: Self.app.verifyingKey).verify(parameters)
        var forged = parameters
        forged["code"] = "code-2"
        #expect(throws: ChannelError.self) { try AlipayRequestVerifier(appPublicKey: Self.app.verifyingKey).verify(forged) }

        let verifier = AlipayResponseVerifier(alipayPublicKey: Self.alipay.verifyingKey)
        let answer = try AlipayOAuthToken.response(
            userID: "2088002", accessToken: "t", signer: AlipayResponseSigner(alipayPrivateKey: Self.alipay))
        #expect(try AlipayOAuthToken.userID(fromResponse: answer, verifier: verifier) == "2088002")
        let refusal = try AlipayOAuthToken.refusal(signer: AlipayResponseSigner(alipayPrivateKey: Self.alipay))
        #expect(throws: ChannelError.rejected("isv.code-invalid")) {
            try AlipayOAuthToken.userID(fromResponse: refusal, verifier: verifier)
        }
        let mine = try AlipayOAuthToken.response(
            userID: "2088003", accessToken: "t", signer: AlipayResponseSigner(alipayPrivateKey: Self.app))
        #expect(throws: ChannelError.badSignature) { try AlipayOAuthToken.userID(fromResponse: mine, verifier: verifier) }
    }

    @Test func codeExchangesReadTheUserOrTheRefusal() throws {
        #expect(try OAuthCodeExchange.weChatOpenID(fromResponse: Data(#"{"openid":"o1","access_token":"t"}"#.utf8)) == "o1")
        #expect(throws: ChannelError.rejected("40029")) {
            try OAuthCodeExchange.weChatOpenID(fromResponse: Data(#"{"errcode":40029,"errmsg":"invalid code"}"#.utf8))
        }
        #expect(try OAuthCodeExchange.schoolUserID(fromResponse: Data(#"{"user_id":"20260001"}"#.utf8)) == "20260001")
        #expect(throws: ChannelError.rejected("invalid_grant")) {
            try OAuthCodeExchange.schoolUserID(fromResponse: Data(#"{"error":"invalid_grant"}"#.utf8))
        }
    }

    @Test func chinaTimeReadsBackWhatItWrites() {
        let at = Date(timeIntervalSince1970: 1_790_000_000)
        #expect(ChinaTime.date(fromAlipayTimestamp: ChinaTime.alipayTimestamp(at)) == at)
        #expect(ChinaTime.date(fromAlipayTimestamp: "2026-02-30 10:00:00") == nil)
        #expect(ChinaTime.date(fromAlipayTimestamp: "2026-09-21T22:13:20") == nil)
    }
}
