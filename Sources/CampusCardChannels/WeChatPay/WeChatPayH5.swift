import Foundation

/// H5 payments: a phone browser outside WeChat (the school app's web view) has no openid to
/// pay a JSAPI order with; WeChat Pay takes the payer's IP instead and answers an `h5_url` the
/// browser is sent to, which opens WeChat to pay. Query, close and callbacks are JSAPI's.
public enum WeChatPayH5 {
    public static let prepayPath = "/v3/pay/transactions/h5"

    public struct Prepay: Codable, Sendable {
        public struct SceneInfo: Codable, Sendable {
            public struct H5Info: Codable, Sendable {
                /// "Wap" for a mobile web page; "iOS" and "Android" are for apps' own entries.
                public var type: String
            }
            public var payer_client_ip: String
            public var h5_info: H5Info
        }
        public var appid: String
        public var mchid: String
        public var description: String
        public var out_trade_no: String
        public var notify_url: String
        public var amount: WeChatPayJSAPI.Prepay.Amount
        public var scene_info: SceneInfo

        public init(
            appID: String, mchID: String, description: String, outTradeNo: String, notifyURL: String, totalFen: Int64, payerClientIP: String
        ) {
            (appid, mchid, self.description, out_trade_no, notify_url) = (appID, mchID, description, outTradeNo, notifyURL)
            amount = .init(total: totalFen, currency: "CNY")
            scene_info = SceneInfo(payer_client_ip: payerClientIP, h5_info: .init(type: "Wap"))
        }
    }

    public static func body(_ prepay: Prepay) throws -> String {
        String(decoding: try JSONEncoder.sorted.encode(prepay), as: UTF8.self)
    }

    public static func prepay(fromRequestBody body: String) throws -> Prepay {
        try decodeJSON(Prepay.self, from: Data(body.utf8))
    }

    /// `h5_url` from a verified answer.
    public static func h5URL(fromResponse body: String) throws -> String {
        let answer = try decodeJSON([String: String].self, from: Data(body.utf8))
        guard let url = answer["h5_url"], !url.isEmpty else { throw ChannelError.missingField("h5_url") }
        return url
    }
}
