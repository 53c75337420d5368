import CampusCardChannels
import Foundation
import Testing

struct WeChatPayRequestTests {
    let signer = WeChatPayRequestSigner(
        mchID: "1900000001", serialNumber: "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
        merchantPrivateKey: TestKeys.merchant)
    var verifier: WeChatPayRequestVerifier {
        WeChatPayRequestVerifier(merchantKeys: [
            "5157F09EFDC096DE15EBE81A47057A7232F1B8E1": TestKeys.merchant.verifyingKey
        ])
    }
    let now = Date(timeIntervalSince1970: 1_554_208_460)
    let body =
        #"{"appid":"wxd678efh567hg6787","mchid":"1900000001","amount":{"total":100,"currency":"CNY"}}"#

    @Test func signContentIsFiveLinesEachEndingInNewline() {
        #expect(
            WeChatPaySignContent.request(
                method: "GET", pathWithQuery: "/v3/certificates?a=1", timestamp: "1554208460",
                nonce: "593BEC0C930BF1AFEB40B4A08C8FB242", body: "")
                == "GET\n/v3/certificates?a=1\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n")
        #expect(
            WeChatPaySignContent.response(timestamp: "1", nonce: "n", body: "{}") == "1\nn\n{}\n")
    }

    @Test func theHeaderHasTheDocumentedShapeAndParsesBack() throws {
        // when
        let authorization = try signer.authorization(
            method: "POST", pathWithQuery: "/v3/pay/transactions/jsapi", body: body, at: now,
            nonce: "593BEC0C930BF1AFEB40B4A08C8FB242")
        // then
        let header = authorization.headerValue
        #expect(
            header.hasPrefix(
                #"WECHATPAY2-SHA256-RSA2048 mchid="1900000001",nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242",signature=""#
            ))
        #expect(
            header.hasSuffix(
                #"",timestamp="1554208460",serial_no="5157F09EFDC096DE15EBE81A47057A7232F1B8E1""#))
        #expect(try WeChatPayAuthorization(headerValue: header) == authorization)
    }

    @Test func theGatewayAcceptsTheRequestAsSentAndNothingElse() throws {
        let header = try signer.authorization(
            method: "POST", pathWithQuery: "/v3/pay/transactions/jsapi", body: body, at: now
        )
        .headerValue
        let accepted = try verifier.verify(
            authorization: header, method: "POST", pathWithQuery: "/v3/pay/transactions/jsapi",
            body: body, now: now)
        #expect(accepted.mchID == "1900000001")
        #expect(throws: ChannelError.badSignature) {
            try verifier.verify(
                authorization: header, method: "POST", pathWithQuery: "/v3/pay/transactions/jsapi",
                body: body.replacingOccurrences(of: "100", with: "1"), now: now)
        }
        #expect(throws: ChannelError.badSignature) {
            try verifier.verify(
                authorization: header, method: "GET", pathWithQuery: "/v3/pay/transactions/jsapi",
                body: body, now: now)
        }
        #expect(throws: ChannelError.staleTimestamp(1_554_208_460)) {
            try verifier.verify(
                authorization: header, method: "POST", pathWithQuery: "/v3/pay/transactions/jsapi",
                body: body,
                now: now.addingTimeInterval(301))
        }
    }

    @Test func anUnknownMerchantSerialIsItsOwnError() throws {
        let stranger = WeChatPayRequestSigner(
            mchID: "1900000001", serialNumber: "ABC", merchantPrivateKey: TestKeys.merchant)
        let header = try stranger.authorization(
            method: "GET", pathWithQuery: "/v3/x", body: "", at: now
        ).headerValue
        #expect(throws: ChannelError.unknownSerial("ABC")) {
            try verifier.verify(
                authorization: header, method: "GET", pathWithQuery: "/v3/x", body: "", now: now)
        }
    }

    @Test(arguments: [
        "", "WECHATPAY2-SHA256-RSA2048", #"Bearer mchid="1""#,
        #"WECHATPAY2-SHA256-RSA2048 mchid=1,nonce_str="n",signature="s",timestamp="1",serial_no="x""#,
        #"WECHATPAY2-SHA256-RSA2048 nonce_str="n",signature="s",timestamp="1",serial_no="x""#,
        #"WECHATPAY2-SHA256-RSA2048 mchid="1",mchid="2",nonce_str="n",signature="s",timestamp="1",serial_no="x""#,
    ])
    func malformedHeadersAreRefused(header: String) {
        #expect(throws: ChannelError.self) { try WeChatPayAuthorization(headerValue: header) }
    }
}
