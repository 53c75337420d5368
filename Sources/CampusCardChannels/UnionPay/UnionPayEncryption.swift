import Foundation
import _CryptoExtras

/// ACP's sensitive fields (`accNo`, and in `customerInfo` the phone number, CVN2 and expiry)
/// travel encrypted with UnionPay's encryption certificate: RSA with PKCS#1 v1.5 padding, base64,
/// and the request names the certificate by `encryptCertId`.
public struct UnionPayEncryption: Sendable {
    public let certificate: UnionPayCertificate

    public init(certificate: UnionPayCertificate) throws {
        guard (try? Self.key(of: certificate)) != nil else { throw ChannelError.invalidKey("the encryption certificate holds no RSA key") }
        self.certificate = certificate
    }

    /// Made from the certificate on use: swift-crypto's encryption key is not `Sendable`.
    private static func key(of certificate: UnionPayCertificate) throws -> _RSA.Encryption.PublicKey {
        guard let signing = certificate.rsaKey else { throw ChannelError.invalidKey("the encryption certificate holds no RSA key") }
        return try _RSA.Encryption.PublicKey(derRepresentation: signing.derRepresentation)
    }

    public var certID: String { certificate.certID }

    public func encrypt(_ text: String) throws -> String {
        // PKCS#1 v1.5 is what ACP prescribes for these fields; there is no other padding to choose.
        try Self.key(of: certificate).encrypt(Data(text.utf8), padding: ._WEAK_AND_INSECURE_PKCS_V1_5).base64EncodedString()
    }

    /// What UnionPay does with its private half (the sandbox plays it).
    public static func decrypt(_ base64: String, with privateKey: RSASigningKey) throws -> String {
        guard let data = Data(base64Encoded: base64),
            let key = try? _RSA.Encryption.PrivateKey(derRepresentation: privateKey.key.derRepresentation),
            let plain = try? key.decrypt(data, padding: ._WEAK_AND_INSECURE_PKCS_V1_5)
        else { throw ChannelError.decryptionFailed }
        return String(decoding: plain, as: UTF8.self)
    }

    /// `customerInfo`: base64 of `{name=value&…}`, where the phone number, CVN2 and expiry go
    /// together, encrypted, as `encryptedInfo`, and the other fields (ID type and number, name,
    /// SMS code) in the clear inside the base64.
    public func customerInfo(_ fields: [String: String]) throws -> String {
        let sensitive = ["phoneNo", "cvn2", "expired"]
        var plain = fields.filter { !sensitive.contains($0.key) }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        let secret = sensitive.compactMap { name in fields[name].map { "\(name)=\($0)" } }
        if !secret.isEmpty { plain.append(("encryptedInfo", try encrypt(secret.joined(separator: "&")))) }
        return Data(UnionPayMessage.braced(plain).utf8).base64EncodedString()
    }

    /// Reads `customerInfo` back with UnionPay's private key (the sandbox's side).
    public static func customerInfo(_ base64: String, privateKey: RSASigningKey) throws -> [String: String] {
        guard let data = Data(base64Encoded: base64) else { throw ChannelError.malformedField("customerInfo") }
        var fields = try UnionPayMessage.unbraced(String(decoding: data, as: UTF8.self))
        if let secret = fields.removeValue(forKey: "encryptedInfo") {
            fields.merge(try UnionPayMessage.answerFields(try decrypt(secret, with: privateKey))) { _, inner in inner }
        }
        return fields
    }
}
