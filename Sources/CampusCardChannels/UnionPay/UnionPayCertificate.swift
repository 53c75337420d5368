import Foundation
import SwiftASN1
import X509
import _CryptoExtras

/// An X.509 certificate as ACP names and uses it: `certId` is its serial number in decimal (what
/// UnionPay's SDKs read with `getSerialNumber().toString()`), and the identity UnionPay checks is
/// the third `@`-separated part of the subject's CN (`…@中国银联股份有限公司@…` in production,
/// `…@00040000:SIGN@…` in UnionPay's test environment).
public struct UnionPayCertificate: Sendable {
    public let certificate: Certificate
    public let pem: String

    public init(pem: String) throws {
        do {
            certificate = try Certificate(pemEncoded: pem)
        } catch {
            throw ChannelError.invalidKey("not an X.509 certificate in PEM")
        }
        self.pem = try certificate.serializeAsPEM().pemString
    }

    init(_ certificate: Certificate) throws {
        self.certificate = certificate
        pem = try certificate.serializeAsPEM().pemString
    }

    public var certID: String { Self.decimal(Array(certificate.serialNumber.bytes)) }

    /// The third `@`-part of the subject's common name; empty when it has none.
    public var identity: String {
        let names = certificate.subject.flatMap { $0 }.filter { $0.type == .RDNAttributeType.commonName }.compactMap { String($0.value) }
        let parts = (names.first ?? "").split(separator: "@", omittingEmptySubsequences: false)
        return parts.count > 2 ? String(parts[2]) : ""
    }

    var rsaKey: _RSA.Signing.PublicKey? { _RSA.Signing.PublicKey(certificate.publicKey) }

    /// The signing key the certificate holds.
    public func verifyingKey() throws -> RSAVerifyingKey {
        guard let rsaKey else { throw ChannelError.invalidKey("the certificate holds no RSA key") }
        return RSAVerifyingKey(key: rsaKey)
    }

    /// A big-endian unsigned integer in decimal, by repeated division (serials are up to 20 bytes).
    static func decimal(_ bytes: [UInt8]) -> String {
        var number = Array(bytes.drop(while: { $0 == 0 }))
        guard !number.isEmpty else { return "0" }
        var digits: [Character] = []
        while !number.isEmpty {
            var remainder = 0
            var quotient: [UInt8] = []
            for byte in number {
                let value = remainder * 256 + Int(byte)
                let digit = value / 10
                remainder = value % 10
                if !quotient.isEmpty || digit != 0 { quotient.append(UInt8(digit)) }
            }
            digits.append(Character(String(remainder)))
            number = quotient
        }
        return String(digits.reversed())
    }
}
