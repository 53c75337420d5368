import Foundation

/// `alipay.trade.query` for an order whose notification did not come, and `alipay.trade.close`
/// for one that expired unpaid.
public enum AlipayTradeQuery {
    public static let queryMethod = "alipay.trade.query"
    public static let closeMethod = "alipay.trade.close"

    public static func requestParameters(method: String, outTradeNo: String, signer: AlipayRequestSigner, at date: Date) throws -> [String:
        String]
    {
        let biz = String(decoding: try JSONEncoder.sorted.encode(["out_trade_no": outTradeNo]), as: UTF8.self)
        return try signer.signedParameters(method: method, bizContent: biz, at: date)
    }

    /// The out_trade_no a query or close names, as the sandbox reads it.
    public static func outTradeNo(of parameters: [String: String]) throws -> String {
        guard let biz = parameters["biz_content"] else { throw ChannelError.missingField("biz_content") }
        let content = try decodeJSON([String: String].self, from: Data(biz.utf8))
        guard let number = content["out_trade_no"], !number.isEmpty else { throw ChannelError.missingField("out_trade_no") }
        return number
    }

    public struct State: Sendable, Equatable {
        public var status: AlipayTradeStatus?
        public var tradeNo: String?
        public var totalFen: Int64?

        public init(status: AlipayTradeStatus?, tradeNo: String?, totalFen: Int64?) {
            (self.status, self.tradeNo, self.totalFen) = (status, tradeNo, totalFen)
        }
    }

    /// The trade as Alipay answers a query; `status` nil when Alipay has no such trade
    /// (`ACQ.TRADE_NOT_EXIST`: the cardholder never opened the cashier).
    public static func state(fromResponse body: String, verifier: AlipayResponseVerifier) throws -> State {
        struct Node: Decodable {
            var code: String
            var sub_code: String?
            var trade_status: String?
            var trade_no: String?
            var total_amount: String?
        }
        let node = try verifier.decodedNode(Node.self, forMethod: queryMethod, in: body)
        guard node.code == "10000" else {
            if node.sub_code == "ACQ.TRADE_NOT_EXIST" { return State(status: nil, tradeNo: nil, totalFen: nil) }
            throw ChannelError.rejected(node.sub_code ?? node.code)
        }
        guard let text = node.trade_status, let status = AlipayTradeStatus(rawValue: text) else {
            throw ChannelError.malformedField("trade_status")
        }
        return State(status: status, tradeNo: node.trade_no, totalFen: try node.total_amount.map(YuanAmount.fen(fromYuan:)))
    }

    /// The sandbox's answer to a query.
    public static func response(_ state: State, outTradeNo: String, signer: AlipayResponseSigner) throws -> String {
        var node = ["out_trade_no": outTradeNo]
        if let status = state.status {
            node["code"] = "10000"
            node["msg"] = "Success"
            node["trade_status"] = status.rawValue
            node["trade_no"] = state.tradeNo
            node["total_amount"] = state.totalFen.map(YuanAmount.yuan(fromFen:))
        } else {
            node["code"] = "40004"
            node["msg"] = "Business Failed"
            node["sub_code"] = "ACQ.TRADE_NOT_EXIST"
        }
        return try signer.signedBody(
            responseKey: AlipayResponseVerifier.responseKey(forMethod: queryMethod),
            node: String(decoding: try JSONEncoder.sorted.encode(node), as: UTF8.self))
    }

    /// The sandbox's answer to a close (accepted, or refused for a trade already paid).
    public static func closeResponse(accepted: Bool, outTradeNo: String, signer: AlipayResponseSigner) throws -> String {
        let node =
            accepted
            ? ["code": "10000", "msg": "Success", "out_trade_no": outTradeNo]
            : ["code": "40004", "msg": "Business Failed", "sub_code": "ACQ.TRADE_STATUS_ERROR", "out_trade_no": outTradeNo]
        return try signer.signedBody(
            responseKey: AlipayResponseVerifier.responseKey(forMethod: closeMethod),
            node: String(decoding: try JSONEncoder.sorted.encode(node), as: UTF8.self))
    }
}
