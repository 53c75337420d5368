import Foundation

/// `alipay.trade.create`: a trade for a buyer already signed in to Alipay (the campus service
/// inside the Alipay app), paid on Alipay's cashier with the `trade_no` it answers.
public enum AlipayTradeCreate {
    public static let method = "alipay.trade.create"

    /// The campus service is a mini program inside Alipay: its trades are JSAPI payments.
    public static let productCode = "JSAPI_PAY"

    struct Content: Codable {
        var out_trade_no: String
        var total_amount: String
        var subject: String
        var product_code: String?
        /// The mini program the cardholder pays in, when it is not the app that signs.
        var op_app_id: String?
        var buyer_id: String?
        var buyer_open_id: String?
        /// Echoed back in the notifications; Alipay asks for it URL-encoded.
        var passback_params: String?
    }

    public static func requestParameters(
        outTradeNo: String, totalFen: Int64, subject: String, buyer: AlipayBuyer, opAppID: String, passback: String? = nil,
        notifyURL: String, signer: AlipayRequestSigner, at date: Date
    ) throws -> [String: String] {
        var content = Content(
            out_trade_no: outTradeNo, total_amount: YuanAmount.yuan(fromFen: totalFen), subject: subject, product_code: productCode,
            op_app_id: opAppID, passback_params: passback.map(FormURLEncoding.percentEncode))
        switch buyer {
        case .userID(let id): content.buyer_id = id
        case .openID(let id): content.buyer_open_id = id
        }
        let biz = String(decoding: try JSONEncoder.sorted.encode(content), as: UTF8.self)
        return try signer.signedParameters(method: method, bizContent: biz, notifyURL: notifyURL, at: date)
    }

    /// The business content of a request, as the sandbox reads it: what Alipay would refuse
    /// (no JSAPI product, no buyer) is an error.
    public static func content(of parameters: [String: String]) throws -> (
        outTradeNo: String, totalFen: Int64, buyer: AlipayBuyer, passback: String?
    ) {
        guard let biz = parameters["biz_content"] else { throw ChannelError.missingField("biz_content") }
        let content = try decodeJSON(Content.self, from: Data(biz.utf8))
        guard content.product_code == productCode else { throw ChannelError.malformedField("product_code") }
        let buyer: AlipayBuyer
        switch (content.buyer_id, content.buyer_open_id) {
        case (let id?, nil): buyer = .userID(id)
        case (nil, let id?): buyer = .openID(id)
        default: throw ChannelError.missingField("buyer_id")
        }
        return (
            content.out_trade_no, try YuanAmount.fen(fromYuan: content.total_amount), buyer,
            try content.passback_params.map(FormURLEncoding.percentDecode)
        )
    }

    /// Alipay's `trade_no` from a verified answer; a business refusal is `ChannelError.rejected`.
    public static func tradeNo(fromResponse body: String, verifier: AlipayResponseVerifier) throws -> String {
        struct Node: Decodable {
            var code: String
            var sub_code: String?
            var trade_no: String?
        }
        let node = try verifier.decodedNode(Node.self, forMethod: method, in: body)
        guard node.code == "10000", let tradeNo = node.trade_no, !tradeNo.isEmpty else {
            throw ChannelError.rejected(node.sub_code ?? node.code)
        }
        return tradeNo
    }

    /// The sandbox's answer to a trade it accepted.
    public static func response(outTradeNo: String, tradeNo: String, signer: AlipayResponseSigner) throws -> String {
        let node = try JSONEncoder.sorted.encode(["code": "10000", "msg": "Success", "out_trade_no": outTradeNo, "trade_no": tradeNo])
        return try signer.signedBody(
            responseKey: AlipayResponseVerifier.responseKey(forMethod: method), node: String(decoding: node, as: UTF8.self))
    }
}
