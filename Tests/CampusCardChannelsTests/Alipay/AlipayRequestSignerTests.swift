import CampusCardChannels
import Foundation
import Testing

struct AlipayRequestSignerTests {
    let signer = AlipayRequestSigner(appID: "2021000000000001", appPrivateKey: TestKeys.app)
    /// 2024-05-01 00:30:00 UTC, which is 08:30 in Shanghai.
    let date = Date(timeIntervalSince1970: 1_714_523_400)
    let bizContent =
        #"{"out_trade_no":"CC20240501000001","total_amount":"50.00","subject":"校园卡充值"}"#

    @Test func carriesTheCommonParametersWithChinaTime() throws {
        let parameters = try signer.signedParameters(
            method: "alipay.trade.create", bizContent: bizContent,
            notifyURL: "https://card.example.edu/notify",
            at: date)
        #expect(parameters["app_id"] == "2021000000000001")
        #expect(parameters["method"] == "alipay.trade.create")
        #expect(parameters["format"] == "JSON")
        #expect(parameters["charset"] == "utf-8")
        #expect(parameters["sign_type"] == "RSA2")
        #expect(parameters["timestamp"] == "2024-05-01 08:30:00")
        #expect(parameters["version"] == "1.0")
        #expect(parameters["notify_url"] == "https://card.example.edu/notify")
        #expect(parameters["biz_content"] == bizContent)
        #expect(Set(parameters.keys).count == 10)
    }

    @Test func signatureCoversTheRequestContent() throws {
        // given
        let parameters = try signer.signedParameters(
            method: "alipay.trade.query", bizContent: bizContent, at: date)
        let sign = try #require(parameters["sign"])
        // then
        #expect(parameters["notify_url"] == nil)
        #expect(
            TestKeys.app.verifyingKey.isValidSignature(
                sign, for: AlipaySignContent.forRequest(parameters)))
        try AlipayRequestVerifier(appPublicKey: TestKeys.app.verifyingKey).verify(parameters)
    }

    @Test func theGatewayRefusesAChangedOrForeignRequest() throws {
        let verifier = AlipayRequestVerifier(appPublicKey: TestKeys.app.verifyingKey)
        var parameters = try signer.signedParameters(
            method: "alipay.trade.query", bizContent: bizContent, at: date)
        parameters["biz_content"] = bizContent.replacingOccurrences(of: "50.00", with: "0.01")
        #expect(throws: ChannelError.badSignature) { try verifier.verify(parameters) }
        parameters["sign_type"] = "RSA"
        #expect(throws: ChannelError.unsupportedAlgorithm("RSA")) {
            try verifier.verify(parameters)
        }
        parameters["sign"] = nil
        #expect(throws: ChannelError.missingField("sign")) { try verifier.verify(parameters) }
    }
}
