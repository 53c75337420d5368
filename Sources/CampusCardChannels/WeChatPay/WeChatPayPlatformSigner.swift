import Foundation

/// Signs bodies with a platform private key, so the sandbox gateway can play WeChat Pay.
public struct WeChatPayPlatformSigner: Sendable {
    /// The serial merchants look the matching public key up by.
    public let serial: String
    private let platformPrivateKey: RSASigningKey

    public init(serial: String, platformPrivateKey: RSASigningKey) {
        self.serial = serial
        self.platformPrivateKey = platformPrivateKey
    }

    /// The signature headers for a callback or API response `body`; `nonce` is random unless given.
    public func headers(for body: String, at date: Date, nonce: String? = nil) throws
        -> WeChatPaySignatureHeaders
    {
        let nonce = nonce ?? RandomNonce.make(length: 32)
        let timestamp = WeChatPayTimestamp.text(date)
        let content = WeChatPaySignContent.response(timestamp: timestamp, nonce: nonce, body: body)
        return WeChatPaySignatureHeaders(
            timestamp: timestamp, nonce: nonce, signature: try platformPrivateKey.sign(content),
            serial: serial)
    }
}
