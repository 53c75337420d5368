import Foundation

/// Signs ACP messages with a private key and its certificate. The merchant names its certificate
/// by `certId` (UnionPay holds it); UnionPay's own answers and notifications carry the whole
/// certificate (`signPubKeyCert`) so it can be checked against the root.
public struct UnionPaySigner: Sendable {
    public let key: RSASigningKey
    public let certificate: UnionPayCertificate

    /// Refuses a key that is not the certificate's own.
    public init(key: RSASigningKey, certificate: UnionPayCertificate) throws {
        guard try certificate.verifyingKey().pemRepresentation == key.verifyingKey.pemRepresentation else {
            throw ChannelError.invalidKey("the private key is not the certificate's")
        }
        (self.key, self.certificate) = (key, certificate)
    }

    public var certID: String { certificate.certID }

    /// A request: `signMethod=01` and `certId`, empty fields left out, signed.
    public func signedRequest(_ fields: [String: String]) throws -> [String: String] {
        var fields = fields
        fields["signMethod"] = UnionPayMessage.signMethod
        fields["certId"] = certID
        return try UnionPaySignContent.signed(fields, with: key)
    }

    /// An answer or notification as UnionPay sends it: `signMethod=01` and `signPubKeyCert`.
    public func signedAnswer(_ fields: [String: String]) throws -> [String: String] {
        var fields = fields
        fields["signMethod"] = UnionPayMessage.signMethod
        fields["signPubKeyCert"] = certificate.pem
        return try UnionPaySignContent.signed(fields, with: key)
    }
}
