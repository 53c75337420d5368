import Crypto
import Foundation

/// Seals secrets the server must be able to read back (a terminal's HMAC key) with
/// ChaCha20-Poly1305 under a key derived from the master key.
public struct SecretBox: Sendable {
    let key: SymmetricKey

    public func seal(_ plaintext: String) throws -> String {
        try ChaChaPoly.seal(Data(plaintext.utf8), using: key).combined.base64EncodedString()
    }

    public func open(_ sealed: String) throws -> String {
        guard let data = Data(base64Encoded: sealed) else { throw CryptoKitError.incorrectParameterSize }
        return String(decoding: try ChaChaPoly.open(ChaChaPoly.SealedBox(combined: data), using: key), as: UTF8.self)
    }
}
