import CampusCardChannels
import Testing

/// The node Alipay signs is cut out of the body verbatim; these bodies try to confuse the cut.
struct RawJSONTests {
    let key = "alipay_trade_query_response"

    @Test func nestedBracesAndEscapedQuotesInStringsStayInside() throws {
        // given
        let node =
            #"{"code":"10000","msg":"Success","subject":"a \"quoted\" {brace} [x] \\","fund_bill_list":[{"amount":"20.00","fund_channel":"ALIPAYACCOUNT"}],"extra":{"n":{"m":"}"}}}"#
        let body =
            #"{"sign_hint":"alipay_trade_query_response {","#
            + "\n  \"\(key)\" : \(node) ,\n"
            + #""sign":"abc","alipay_cert_sn":"x"}"#
        // when
        let extracted = try AlipayResponseVerifier.signedContent(of: key, in: body)
        // then
        #expect(extracted == node)
    }

    @Test func spacingAndKeyOrderAreKeptAsSent() throws {
        let node = "{ \"b\" : 1,\n \"a\":\"中文\\u4e2d\\/\" }"
        let body = "{\"sign\":\"s\",\"\(key)\":\(node)}"
        #expect(try AlipayResponseVerifier.signedContent(of: key, in: body) == node)
    }

    @Test func anAbsentNodeIsAMissingField() {
        #expect(throws: ChannelError.missingField(key)) {
            try AlipayResponseVerifier.signedContent(
                of: key, in: #"{"error_response":{"code":"40002"}}"#)
        }
    }

    @Test(arguments: [
        #"{"alipay_trade_query_response":{"a":1},"alipay_trade_query_response":{"a":2},"sign":"s"}"#,
        #"{"alipay_trade_query_response":{"a":"1"}"#,
        #"{"alipay_trade_query_response":{"a":"1}"#,
        #"["alipay_trade_query_response",{}]"#,
        #"{"alipay_trade_query_response":"text","sign":"s"}"#,
    ])
    func duplicatedTruncatedOrMisshapenBodiesAreRefused(body: String) {
        #expect(throws: ChannelError.self) {
            try AlipayResponseVerifier.signedContent(of: key, in: body)
        }
    }
}
