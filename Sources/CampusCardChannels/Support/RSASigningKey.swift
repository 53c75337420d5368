import Crypto
import Foundation
import _CryptoExtras

/// An RSA private key that signs SHA256withRSA (PKCS#1 v1.5), the scheme behind both Alipay's RSA2
/// and WeChat Pay v3 signatures.
public struct RSASigningKey: Sendable {
    let key: _RSA.Signing.PrivateKey

    /// Loads PKCS#1 ("BEGIN RSA PRIVATE KEY") or PKCS#8 ("BEGIN PRIVATE KEY") PEM, or a bare
    /// base64 body of either.
    public init(pem: String) throws {
        let text = try PEMKeyText(pem)
        guard text.label == nil || text.label == "RSA PRIVATE KEY" || text.label == "PRIVATE KEY"
        else {
            throw ChannelError.invalidKey("expected an RSA private key, found \(text.label!)")
        }
        do {
            key = try _RSA.Signing.PrivateKey(derRepresentation: text.der)
        } catch {
            throw ChannelError.invalidKey("not an RSA private key of at least 2048 bits")
        }
    }

    private init(key: _RSA.Signing.PrivateKey) {
        self.key = key
    }

    /// A fresh 2048-bit key, for the sandbox gateway's own identities and for tests.
    public static func generate() throws -> RSASigningKey {
        RSASigningKey(key: try _RSA.Signing.PrivateKey(keySize: .bits2048))
    }

    /// PKCS#8 PEM, the form both providers' tools and SDKs accept.
    public var pemRepresentation: String { key.pkcs8PEMRepresentation }

    /// The matching public key.
    public var verifyingKey: RSAVerifyingKey { RSAVerifyingKey(key: key.publicKey) }

    /// The base64 SHA256withRSA signature over the UTF-8 bytes of `message`.
    public func sign(_ message: String) throws -> String {
        let digest = SHA256.hash(data: Data(message.utf8))
        return try key.signature(for: digest, padding: .insecurePKCS1v1_5).rawRepresentation
            .base64EncodedString()
    }
}
