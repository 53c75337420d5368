import Foundation
// Validity is checked at the service's clock (`now`), as every other time rule here.
@_spi(FixedExpiryValidationTime) import X509

/// Checks a message from UnionPay (an answer or a notification) as ACP 5.1.0 prescribes: the
/// certificate it carries (`signPubKeyCert`) must chain to the configured root through the
/// configured middle certificate, be valid now, and name UnionPay (the third `@`-part of its CN);
/// then its key must verify `signature` over the SHA-256 hex of the sign content.
public struct UnionPayVerifier: Sendable {
    public let root: UnionPayCertificate
    public let middle: UnionPayCertificate
    /// `中国银联股份有限公司` in production; UnionPay's test environment signs as `00040000:SIGN`.
    public let identity: String

    public static let productionIdentity = "中国银联股份有限公司"

    public init(root: UnionPayCertificate, middle: UnionPayCertificate, identity: String = Self.productionIdentity) {
        (self.root, self.middle, self.identity) = (root, middle, identity)
    }

    /// The fields, once every check holds.
    public func verified(_ fields: [String: String], now: Date) async throws -> [String: String] {
        guard fields["signMethod"] == UnionPayMessage.signMethod else {
            throw ChannelError.unsupportedAlgorithm("signMethod \(fields["signMethod"] ?? "")")
        }
        guard let pem = fields["signPubKeyCert"], !pem.isEmpty else { throw ChannelError.missingField("signPubKeyCert") }
        let certificate = try UnionPayCertificate(pem: pem)
        guard certificate.identity == identity else { throw ChannelError.malformedField("signPubKeyCert: not \(identity)'s") }
        var verifier = Verifier(rootCertificates: CertificateStore([root.certificate])) { RFC5280Policy(fixedExpiryValidationTime: now) }
        guard
            case .validCertificate = await verifier.validate(
                leaf: certificate.certificate, intermediates: CertificateStore([middle.certificate]))
        else { throw ChannelError.malformedField("signPubKeyCert: does not chain to the root or is not valid now") }
        guard UnionPaySignContent.isSigned(fields, by: try certificate.verifyingKey()) else { throw ChannelError.badSignature }
        return fields
    }
}
