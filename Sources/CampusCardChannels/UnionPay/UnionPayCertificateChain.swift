import Foundation
import SwiftASN1
import X509

/// Certificates issued the way UnionPay's are, for the sandbox that plays it: a root, a middle
/// certificate under it, and end certificates under the middle, whose CN has ACP's
/// `041@…@identity@…` shape.
public enum UnionPayCertificateChain {
    /// A CA certificate: self-signed when `issuer` is nil.
    public static func authority(
        name: String, serial: [UInt8], key: RSASigningKey, issuer: (certificate: UnionPayCertificate, key: RSASigningKey)?,
        from notBefore: Date, to notAfter: Date
    ) throws -> UnionPayCertificate {
        let subject = try DistinguishedName {
            CountryName("CN")
            OrganizationName("China UnionPay (sandbox)")
            CommonName(name)
        }
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
            Critical(KeyUsage(keyCertSign: true, cRLSign: true))
        }
        return try issue(
            subject: subject, serial: serial, publicKey: key,
            issuer: issuer.map { ($0.certificate.certificate.subject, $0.key) } ?? (subject, key),
            extensions: extensions, from: notBefore, to: notAfter)
    }

    /// An end certificate for signing or encryption, CN `041@Z12400000001@{identity}@00000001`.
    public static func endEntity(
        identity: String, serial: [UInt8], key: RSASigningKey, issuer: (certificate: UnionPayCertificate, key: RSASigningKey),
        from notBefore: Date, to notAfter: Date
    ) throws -> UnionPayCertificate {
        let subject = try DistinguishedName {
            CountryName("CN")
            OrganizationName("China UnionPay (sandbox)")
            CommonName("041@Z12400000001@\(identity)@00000001")
        }
        let extensions = try Certificate.Extensions {
            Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
        }
        return try issue(
            subject: subject, serial: serial, publicKey: key, issuer: (issuer.certificate.certificate.subject, issuer.key),
            extensions: extensions, from: notBefore, to: notAfter)
    }

    private static func issue(
        subject: DistinguishedName, serial: [UInt8], publicKey: RSASigningKey, issuer: (name: DistinguishedName, key: RSASigningKey),
        extensions: Certificate.Extensions, from notBefore: Date, to notAfter: Date
    ) throws -> UnionPayCertificate {
        try UnionPayCertificate(
            Certificate(
                version: .v3, serialNumber: .init(bytes: serial), publicKey: .init(publicKey.key.publicKey), notValidBefore: notBefore,
                notValidAfter: notAfter, issuer: issuer.name, subject: subject, signatureAlgorithm: .sha256WithRSAEncryption,
                extensions: extensions, issuerPrivateKey: .init(issuer.key.key)))
    }
}
