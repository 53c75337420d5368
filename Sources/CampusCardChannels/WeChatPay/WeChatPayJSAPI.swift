import Foundation

/// JSAPI payments (inside WeChat): the prepay order, the parameters the page hands to
/// `WeixinJSBridge.invoke('getBrandWCPayRequest', …)`, and the paths of query and close.
public enum WeChatPayJSAPI {
    public static let prepayPath = "/v3/pay/transactions/jsapi"

    public static func queryPath(outTradeNo: String, mchID: String) -> String {
        "/v3/pay/transactions/out-trade-no/\(outTradeNo)?mchid=\(mchID)"
    }

    public static func closePath(outTradeNo: String) -> String {
        "/v3/pay/transactions/out-trade-no/\(outTradeNo)/close"
    }

    public struct Prepay: Codable, Sendable {
        public struct Amount: Codable, Sendable {
            public var total: Int64
            public var currency: String
        }
        public struct Payer: Codable, Sendable {
            public var openid: String
        }
        public var appid: String
        public var mchid: String
        public var description: String
        public var out_trade_no: String
        public var notify_url: String
        public var amount: Amount
        public var payer: Payer

        public init(
            appID: String, mchID: String, description: String, outTradeNo: String, notifyURL: String, totalFen: Int64, openID: String
        ) {
            (appid, mchid, self.description, out_trade_no, notify_url) = (appID, mchID, description, outTradeNo, notifyURL)
            amount = Amount(total: totalFen, currency: "CNY")
            payer = Payer(openid: openID)
        }
    }

    public static func body(_ prepay: Prepay) throws -> String {
        String(decoding: try JSONEncoder.sorted.encode(prepay), as: UTF8.self)
    }

    public static func prepay(fromRequestBody body: String) throws -> Prepay {
        try decodeJSON(Prepay.self, from: Data(body.utf8))
    }

    /// `prepay_id` from a verified answer.
    public static func prepayID(fromResponse body: String) throws -> String {
        let answer = try decodeJSON([String: String].self, from: Data(body.utf8))
        guard let id = answer["prepay_id"], !id.isEmpty else { throw ChannelError.missingField("prepay_id") }
        return id
    }

    /// The page's parameters: `paySign` is our merchant key's RSA signature over
    /// "appId\ntimeStamp\nnonceStr\npackage\n".
    public static func pageParameters(appID: String, prepayID: String, merchantKey: RSASigningKey, at date: Date) throws -> [String: String]
    {
        let timestamp = String(Int64(date.timeIntervalSince1970))
        let nonce = RandomNonce.make(length: 32)
        let package = "prepay_id=\(prepayID)"
        return [
            "appId": appID, "timeStamp": timestamp, "nonceStr": nonce, "package": package, "signType": "RSA",
            "paySign": try merchantKey.sign("\(appID)\n\(timestamp)\n\(nonce)\n\(package)\n"),
        ]
    }

    /// A transaction from a verified query answer.
    public static func transaction(fromResponse body: String) throws -> WeChatPayTransaction {
        try decodeJSON(WeChatPayTransaction.self, from: Data(body.utf8))
    }
}
