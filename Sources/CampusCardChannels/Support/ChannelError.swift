/// Everything that can go wrong while signing, verifying or decoding a provider's message.
///
/// Cases are stable: callers map them to answers (Alipay's `fail`, WeChat's `FAIL`) and to logs.
public enum ChannelError: Error, Equatable, Sendable {
    /// A key could not be loaded or has the wrong shape; the reason says which.
    case invalidKey(String)
    /// The signature does not match the signed content.
    case badSignature
    /// A field the flow cannot do without is absent or empty.
    case missingField(String)
    /// A field is present but not in a form we accept (unknown status, bad header syntax, …).
    case malformedField(String)
    /// A yuan amount is not a plain non-negative decimal with at most two places.
    case malformedAmount(String)
    /// The body is not valid form encoding or JSON; the reason says where.
    case malformedBody(String)
    /// The message names a signing or encryption algorithm we do not speak.
    case unsupportedAlgorithm(String)
    /// A signed notification for another Alipay app than ours.
    case wrongAppID(String)
    /// A signed notification paid to another Alipay merchant (`seller_id`) than the one configured.
    case wrongSellerID(String)
    /// A WeChat Pay signature by a key whose serial we do not know.
    case unknownSerial(String)
    /// A WeChat Pay timestamp (Unix seconds) more than five minutes away from now.
    case staleTimestamp(Int64)
    /// The provider answered with a refusal (an unknown or used authorization code, …): its code.
    case rejected(String)
    /// AES-GCM refused the ciphertext: wrong key, nonce, associated data, or tampering.
    case decryptionFailed
}
