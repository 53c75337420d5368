import Foundation

/// Turns a payment callback into a trusted transaction: signature, freshness, decryption, decoding.
public struct WeChatPayCallbackVerifier: Sendable {
    private let signatureVerifier: WeChatPaySignatureVerifier
    private let apiV3Key: WeChatPayAPIv3Key

    public init(platformKeys: [String: RSAVerifyingKey], apiV3Key: WeChatPayAPIv3Key) {
        self.signatureVerifier = WeChatPaySignatureVerifier(platformKeys: platformKeys)
        self.apiV3Key = apiV3Key
    }

    /// Verifies `body` against `headers`, decrypts its resource and decodes the transaction.
    public func verify(
        _ headers: WeChatPaySignatureHeaders, body: String, now: Date
    ) throws -> (callback: WeChatPayCallback, transaction: WeChatPayTransaction) {
        try signatureVerifier.verify(headers, body: body, now: now)
        let callback = try decodeJSON(WeChatPayCallback.self, from: Data(body.utf8))
        guard callback.resourceType == "encrypt-resource" else {
            throw ChannelError.malformedField("resource_type")
        }
        // Refund and other events carry other plaintexts; decoding them as a payment would mislead.
        guard callback.resource.originalType == "transaction" else {
            throw ChannelError.malformedField("original_type")
        }
        let plaintext = try apiV3Key.decrypt(callback.resource)
        return (callback, try decodeJSON(WeChatPayTransaction.self, from: plaintext))
    }
}
