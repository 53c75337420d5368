/// Verifies the asynchronous notifications Alipay posts to our `notify_url`.
public struct AlipayNotificationVerifier: Sendable {
    public let appID: String
    private let alipayPublicKey: RSAVerifyingKey

    public init(appID: String, alipayPublicKey: RSAVerifyingKey) {
        self.appID = appID
        self.alipayPublicKey = alipayPublicKey
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
        return notification
    }
}
