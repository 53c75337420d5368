import Foundation

/// WeChat Pay's check of a merchant request, so the sandbox gateway refuses what WeChat would.
public struct WeChatPayRequestVerifier: Sendable {
    private let merchantKeys: WeChatPayKeyring

    /// `merchantKeys`: merchant API certificate public keys by certificate serial number.
    public init(merchantKeys: [String: RSAVerifyingKey]) {
        self.merchantKeys = WeChatPayKeyring(merchantKeys)
    }

    /// Verifies an `Authorization` header value against the request; returns it parsed so the
    /// caller can match `mchid` to the serial.
    public func verify(
        authorization headerValue: String, method: String, pathWithQuery: String, body: String,
        now: Date
    ) throws -> WeChatPayAuthorization {
        let authorization = try WeChatPayAuthorization(headerValue: headerValue)
        let key = try merchantKeys.key(serial: authorization.serialNumber)
        try WeChatPayTimestamp.checkFresh(authorization.timestamp, now: now)
        let content = WeChatPaySignContent.request(
            method: method, pathWithQuery: pathWithQuery, timestamp: authorization.timestamp,
            nonce: authorization.nonce, body: body)
        guard key.isValidSignature(authorization.signature, for: content) else {
            throw ChannelError.badSignature
        }
        return authorization
    }
}
