/// The gateway's check of a merchant's signed request, so the sandbox refuses what Alipay would.
public struct AlipayRequestVerifier: Sendable {
    private let appPublicKey: RSAVerifyingKey

    public init(appPublicKey: RSAVerifyingKey) {
        self.appPublicKey = appPublicKey
    }

    /// Throws unless `parameters` carry a valid RSA2 `sign` over their request sign content.
    public func verify(_ parameters: [String: String]) throws {
        guard let sign = parameters["sign"], !sign.isEmpty else {
            throw ChannelError.missingField("sign")
        }
        guard parameters["sign_type"] == "RSA2" else {
            throw ChannelError.unsupportedAlgorithm(parameters["sign_type"] ?? "")
        }
        guard appPublicKey.isValidSignature(sign, for: AlipaySignContent.forRequest(parameters))
        else {
            throw ChannelError.badSignature
        }
    }
}
