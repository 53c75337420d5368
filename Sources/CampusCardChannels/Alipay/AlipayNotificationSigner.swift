/// Signs notifications with Alipay's private key, so the sandbox gateway can play Alipay.
public struct AlipayNotificationSigner: Sendable {
    private let alipayPrivateKey: RSASigningKey

    public init(alipayPrivateKey: RSASigningKey) {
        self.alipayPrivateKey = alipayPrivateKey
    }

    /// The form body Alipay would post: `parameters` plus `sign_type=RSA2` and `sign`.
    public func signedFormBody(_ parameters: [String: String]) throws -> String {
        var signed = parameters
        signed["sign_type"] = "RSA2"
        signed["sign"] = try alipayPrivateKey.sign(AlipaySignContent.forNotification(signed))
        return FormURLEncoding.encode(signed)
    }
}
