import CampusCardChannels
import Testing

struct AlipayResponseTests {
    let key = AlipayResponseVerifier.responseKey(forMethod: "alipay.trade.query")
    let verifier = AlipayResponseVerifier(alipayPublicKey: TestKeys.alipay.verifyingKey)
    let signer = AlipayResponseSigner(alipayPrivateKey: TestKeys.alipay)
    let node =
        #"{"code":"10000","msg":"Success","out_trade_no":"CC1","trade_status":"TRADE_SUCCESS","total_amount":"20.00","subject":"a \"}\" b"}"#

    @Test func responseKeyFollowsTheMethodName() {
        #expect(key == "alipay_trade_query_response")
    }

    @Test func aSignedResponseVerifiesToItsRawNode() throws {
        let body = try signer.signedBody(responseKey: key, node: node)
        #expect(try verifier.verifiedNode(key, in: body) == node)
    }

    @Test func aReorderedOrReformattedNodeNoLongerVerifies() throws {
        let sign = try TestKeys.alipay.sign(node)
        let reformatted = node.replacingOccurrences(of: ",", with: ", ")
        #expect(throws: ChannelError.badSignature) {
            try verifier.verifiedNode(key, in: #"{"\#(key)":\#(reformatted),"sign":"\#(sign)"}"#)
        }
    }

    @Test func escapedSlashesAreForgivenAsAlipaysSDKsDo() throws {
        // given: signed over "/", sent as "\/", and a sign whose own slashes are escaped too
        let plain = #"{"code":"10000","url":"https://example.com/a"}"#
        let sign = try TestKeys.alipay.sign(plain)
        let escapedSign = sign.replacingOccurrences(of: "/", with: "\\/")
        let body =
            #"{"\#(key)":\#(plain.replacingOccurrences(of: "/", with: "\\/")),"sign":"\#(escapedSign)"}"#
        // then
        #expect(try verifier.verifiedNode(key, in: body).contains(#"https:\/\/example.com\/a"#))
    }

    @Test func aMissingSignOrNodeIsAMissingField() throws {
        #expect(throws: ChannelError.missingField("sign")) {
            try verifier.verifiedNode(key, in: #"{"\#(key)":\#(node)}"#)
        }
        #expect(throws: ChannelError.missingField(key)) {
            try verifier.verifiedNode(key, in: #"{"error_response":{"code":"40002"},"sign":"x"}"#)
        }
    }
}
