import Foundation

/// Verifies WeChat Pay's signatures on callbacks and API responses with the platform public keys.
public struct WeChatPaySignatureVerifier: Sendable {
    private let platformKeys: WeChatPayKeyring

    /// `platformKeys`: platform public keys by certificate serial or `PUB_KEY_ID_…`.
    public init(platformKeys: [String: RSAVerifyingKey]) {
        self.platformKeys = WeChatPayKeyring(platformKeys)
    }

    /// Throws unless `body` (the exact bytes received, as text) is signed by a known platform key
    /// within five minutes of `now`.
    public func verify(_ headers: WeChatPaySignatureHeaders, body: String, now: Date) throws {
        let key = try platformKeys.key(serial: headers.serial)
        try WeChatPayTimestamp.checkFresh(headers.timestamp, now: now)
        let content = WeChatPaySignContent.response(
            timestamp: headers.timestamp, nonce: headers.nonce, body: body)
        guard key.isValidSignature(headers.signature, for: content) else {
            throw ChannelError.badSignature
        }
    }
}
