import Foundation

/// Signs gateway calls (`alipay.trade.create`, `alipay.trade.query`, `alipay.trade.close`, …)
/// with the merchant app's private key.
public struct AlipayRequestSigner: Sendable {
    public let appID: String
    private let appPrivateKey: RSASigningKey

    public init(appID: String, appPrivateKey: RSASigningKey) {
        self.appID = appID
        self.appPrivateKey = appPrivateKey
    }

    /// The complete parameters of one call, `sign` included; send them form-encoded.
    /// `bizContent` is the JSON text of the business parameters, signed exactly as given; a few
    /// methods (`alipay.system.oauth.token`) take plain `parameters` instead.
    public func signedParameters(
        method: String, bizContent: String?, parameters extra: [String: String] = [:], notifyURL: String? = nil, at date: Date
    ) throws -> [String: String] {
        var parameters = [
            "app_id": appID,
            "method": method,
            "format": "JSON",
            "charset": "utf-8",
            "sign_type": "RSA2",
            "timestamp": ChinaTime.alipayTimestamp(date),
            "version": "1.0",
        ]
        parameters.merge(extra) { common, _ in common }
        parameters["biz_content"] = bizContent
        parameters["notify_url"] = notifyURL
        parameters["sign"] = try appPrivateKey.sign(AlipaySignContent.forRequest(parameters))
        return parameters
    }
}
