import Foundation

/// Signs the merchant's API v3 requests with the merchant API certificate's private key.
public struct WeChatPayRequestSigner: Sendable {
    public let mchID: String
    /// Serial number of the merchant API certificate.
    public let serialNumber: String
    private let merchantPrivateKey: RSASigningKey

    public init(mchID: String, serialNumber: String, merchantPrivateKey: RSASigningKey) {
        self.mchID = mchID
        self.serialNumber = serialNumber
        self.merchantPrivateKey = merchantPrivateKey
    }

    /// The `Authorization` for one request; `body` is the exact JSON sent ("" for GET),
    /// `nonce` is random unless given.
    public func authorization(
        method: String, pathWithQuery: String, body: String, at date: Date, nonce: String? = nil
    ) throws -> WeChatPayAuthorization {
        let nonce = nonce ?? RandomNonce.make(length: 32)
        let timestamp = WeChatPayTimestamp.text(date)
        let content = WeChatPaySignContent.request(
            method: method, pathWithQuery: pathWithQuery, timestamp: timestamp, nonce: nonce,
            body: body)
        return WeChatPayAuthorization(
            mchID: mchID, nonce: nonce, signature: try merchantPrivateKey.sign(content),
            timestamp: timestamp, serialNumber: serialNumber)
    }
}
