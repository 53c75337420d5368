import Crypto
import Foundation

/// The merchant's APIv3 key: 32 characters whose UTF-8 bytes are the AES-256-GCM key that
/// encrypts callback resources.
public struct WeChatPayAPIv3Key: Sendable {
    private let key: SymmetricKey

    /// Refuses anything but 32 bytes, the length the merchant platform enforces.
    public init(_ text: String) throws {
        guard text.utf8.count == 32 else {
            throw ChannelError.invalidKey("APIv3 key must be 32 bytes")
        }
        key = SymmetricKey(data: Data(text.utf8))
    }

    /// The plaintext of `resource`; fails on a wrong key or any change to ciphertext, tag,
    /// nonce or associated data.
    public func decrypt(_ resource: WeChatPayEncryptedResource) throws -> Data {
        guard resource.algorithm == WeChatPayEncryptedResource.aeadAES256GCM else {
            throw ChannelError.unsupportedAlgorithm(resource.algorithm)
        }
        guard let combined = Data(base64Encoded: resource.ciphertext), combined.count >= 16 else {
            throw ChannelError.malformedField("ciphertext")
        }
        do {
            let box = try AES.GCM.SealedBox(
                nonce: try Self.nonce(resource.nonce), ciphertext: combined.dropLast(16),
                tag: combined.suffix(16))
            return try AES.GCM.open(
                box, using: key, authenticating: Data((resource.associatedData ?? "").utf8))
        } catch let error as ChannelError {
            throw error
        } catch {
            throw ChannelError.decryptionFailed
        }
    }

    /// Encrypts `plaintext` as WeChat Pay does, for the sandbox; `nonce` is random unless given.
    public func encrypt(
        _ plaintext: Data, originalType: String, associatedData: String, nonce: String? = nil
    ) throws -> WeChatPayEncryptedResource {
        let nonce = nonce ?? RandomNonce.make(length: 12)
        let box = try AES.GCM.seal(
            plaintext, using: key, nonce: try Self.nonce(nonce),
            authenticating: Data(associatedData.utf8))
        return WeChatPayEncryptedResource(
            algorithm: WeChatPayEncryptedResource.aeadAES256GCM,
            ciphertext: (box.ciphertext + box.tag).base64EncodedString(), nonce: nonce,
            associatedData: associatedData, originalType: originalType)
    }

    private static func nonce(_ text: String) throws -> AES.GCM.Nonce {
        guard text.utf8.count == 12 else { throw ChannelError.malformedField("nonce") }
        return try AES.GCM.Nonce(data: Data(text.utf8))
    }
}
