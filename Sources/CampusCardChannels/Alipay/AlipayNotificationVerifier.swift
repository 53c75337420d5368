/// Verifies the asynchronous notifications Alipay posts to our `notify_url`.
public struct AlipayNotificationVerifier: Sendable {
    public let appID: String
    /// Our merchant's Alipay id (PID, `2088…`), whom every paid trade must name as its seller.
    public let sellerID: String
    private let alipayPublicKey: RSAVerifyingKey

    public init(appID: String, sellerID: String, alipayPublicKey: RSAVerifyingKey) {
        (self.appID, self.sellerID, self.alipayPublicKey) = (appID, sellerID, alipayPublicKey)
    }

    /// Verifies a raw form-encoded notification body and returns its typed fields.
    public func verify(formBody: String) throws -> AlipayTradeNotification {
        try verify(parameters: FormURLEncoding.decode(formBody))
    }

    /// Verifies already-decoded notification fields and returns them typed.
    public func verify(parameters: [String: String]) throws -> AlipayTradeNotification {
        guard let sign = parameters["sign"], !sign.isEmpty else {
            throw ChannelError.missingField("sign")
        }
        if let signType = parameters["sign_type"], !signType.isEmpty, signType != "RSA2" {
            throw ChannelError.unsupportedAlgorithm(signType)
        }
        guard
            alipayPublicKey.isValidSignature(
                sign, for: AlipaySignContent.forNotification(parameters))
        else {
            throw ChannelError.badSignature
        }
        let notification = try AlipayTradeNotification(parameters: parameters)
        // A valid signature only proves Alipay sent it; another app of ours must not be credited.
        guard notification.appID == appID else { throw ChannelError.wrongAppID(notification.appID) }
        // Nor a trade paid to someone else through our app (a service provider's other merchant).
        guard notification.sellerID == sellerID else { throw ChannelError.wrongSellerID(notification.sellerID ?? "") }
        return notification
    }
}
