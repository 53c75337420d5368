import Crypto
import Foundation
import _CryptoExtras

/// An RSA public key that checks SHA256withRSA (PKCS#1 v1.5) signatures.
public struct RSAVerifyingKey: Sendable {
    let key: _RSA.Signing.PublicKey

    /// Loads "BEGIN PUBLIC KEY" (or PKCS#1 "BEGIN RSA PUBLIC KEY") PEM, or the bare base64 body
    /// that Alipay's console shows.
    public init(pem: String) throws {
        let text = try PEMKeyText(pem)
        guard text.label == nil || text.label == "PUBLIC KEY" || text.label == "RSA PUBLIC KEY"
        else {
            throw ChannelError.invalidKey("expected an RSA public key, found \(text.label!)")
        }
        do {
            key = try _RSA.Signing.PublicKey(derRepresentation: text.der)
        } catch {
            throw ChannelError.invalidKey("not an RSA public key of at least 2048 bits")
        }
    }

    init(key: _RSA.Signing.PublicKey) {
        self.key = key
    }

    /// "BEGIN PUBLIC KEY" PEM (SubjectPublicKeyInfo).
    public var pemRepresentation: String { key.pemRepresentation }

    /// Whether `signature` (base64) is a SHA256withRSA signature over the UTF-8 of `message`.
    public func isValidSignature(_ signature: String, for message: String) -> Bool {
        guard let raw = Data(base64Encoded: signature) else { return false }
        return key.isValidSignature(
            _RSA.Signing.RSASignature(rawRepresentation: raw),
            for: SHA256.hash(data: Data(message.utf8)),
            padding: .insecurePKCS1v1_5)
    }
}
