/// The `Wechatpay-*` headers that sign a callback or an API response.
public struct WeChatPaySignatureHeaders: Sendable, Equatable {
    /// Unix seconds as text, kept verbatim because the signature covers the text.
    public let timestamp: String
    public let nonce: String
    public let signature: String
    /// Serial of the platform certificate, or the `PUB_KEY_ID_…` of the platform public key.
    public let serial: String

    public init(timestamp: String, nonce: String, signature: String, serial: String) {
        self.timestamp = timestamp
        self.nonce = nonce
        self.signature = signature
        self.serial = serial
    }

    /// Reads the headers through `header`, the framework's case-insensitive lookup by name.
    public init(header: (String) -> String?) throws {
        func required(_ name: String) throws -> String {
            guard let value = header(name), !value.isEmpty else {
                throw ChannelError.missingField(name)
            }
            return value
        }
        // Absent means RSA; SM2 signatures (Chinese national algorithms) are not supported.
        if let type = header("Wechatpay-Signature-Type"), type != WeChatPayAuthorization.scheme {
            throw ChannelError.unsupportedAlgorithm(type)
        }
        self.init(
            timestamp: try required("Wechatpay-Timestamp"), nonce: try required("Wechatpay-Nonce"),
            signature: try required("Wechatpay-Signature"), serial: try required("Wechatpay-Serial")
        )
    }

    /// The headers to send, with `Wechatpay-Signature-Type`, which wechatpayv3 insists on.
    public var fields: [String: String] {
        [
            "Wechatpay-Timestamp": timestamp,
            "Wechatpay-Nonce": nonce,
            "Wechatpay-Signature": signature,
            "Wechatpay-Serial": serial,
            "Wechatpay-Signature-Type": WeChatPayAuthorization.scheme,
        ]
    }
}
