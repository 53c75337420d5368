import Foundation

/// `alipay.trade.create`: a trade for a buyer already signed in to Alipay (the campus service
/// inside the Alipay app), paid on Alipay's cashier with the `trade_no` it answers.
public enum AlipayTradeCreate {
    public static let method = "alipay.trade.create"

    struct Content: Codable {
        var out_trade_no: String
        var total_amount: String
        var subject: String
        var buyer_id: String
        /// Echoed back in the notifications, URL-encoded by us: Alipay's `passback_params`.
        var passback_params: String?
    }

    public static func requestParameters(
        outTradeNo: String, totalFen: Int64, subject: String, buyerID: String, passback: String? = nil, notifyURL: String,
        signer: AlipayRequestSigner, at date: Date
    ) throws -> [String: String] {
        let content = Content(
            out_trade_no: outTradeNo, total_amount: YuanAmount.yuan(fromFen: totalFen), subject: subject, buyer_id: buyerID,
            passback_params: passback)
        let biz = String(decoding: try JSONEncoder.sorted.encode(content), as: UTF8.self)
        return try signer.signedParameters(method: method, bizContent: biz, notifyURL: notifyURL, at: date)
    }

    /// The business content of a request, as the sandbox reads it.
    public static func content(of parameters: [String: String]) throws -> (
        outTradeNo: String, totalFen: Int64, buyerID: String, passback: String?
    ) {
        guard let biz = parameters["biz_content"] else { throw ChannelError.missingField("biz_content") }
        let content = try decodeJSON(Content.self, from: Data(biz.utf8))
        return (content.out_trade_no, try YuanAmount.fen(fromYuan: content.total_amount), content.buyer_id, content.passback_params)
    }

    /// Alipay's `trade_no` from a verified answer; a business refusal is `ChannelError.rejected`.
    public static func tradeNo(fromResponse body: String, verifier: AlipayResponseVerifier) throws -> String {
        struct Node: Decodable {
            var code: String
            var sub_code: String?
            var trade_no: String?
        }
        let node = try decodeJSON(
            Node.self, from: Data(try verifier.verifiedNode(AlipayResponseVerifier.responseKey(forMethod: method), in: body).utf8))
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
