/// The encrypted `resource` of a callback (and of downloaded platform certificates).
public struct WeChatPayEncryptedResource: Sendable, Equatable, Codable {
    /// The only algorithm WeChat Pay v3 uses for resources.
    public static let aeadAES256GCM = "AEAD_AES_256_GCM"

    public let algorithm: String
    /// Base64 of ciphertext followed by the 16-byte GCM tag.
    public let ciphertext: String
    /// The 12-character nonce, used as its UTF-8 bytes.
    public let nonce: String
    /// Authenticated but not encrypted, e.g. "transaction"; absent means empty.
    public let associatedData: String?
    /// What the plaintext is: "transaction", "refund", …
    public let originalType: String

    public init(
        algorithm: String, ciphertext: String, nonce: String, associatedData: String?,
        originalType: String
    ) {
        self.algorithm = algorithm
        self.ciphertext = ciphertext
        self.nonce = nonce
        self.associatedData = associatedData
        self.originalType = originalType
    }

    enum CodingKeys: String, CodingKey {
        case algorithm, ciphertext, nonce
        case associatedData = "associated_data"
        case originalType = "original_type"
    }
}
