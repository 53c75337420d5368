import Crypto
import Foundation
import SwiftASN1
import X509
import _CryptoExtras

/// `GET /v3/certificates`: WeChat Pay's platform certificates, each encrypted with the APIv3 key
/// (so only WeChat Pay and the merchant can have written it). Platforms sign with several at once
/// while one replaces another; each is used from its `effective_time` to its `expire_time`.
public enum WeChatPayPlatformCertificates {
    public static let path = "/v3/certificates"

    /// One platform certificate, checked: decrypted, parsed, its serial the one announced.
    public struct Certificate: Sendable {
        /// Upper-case hex, as `Wechatpay-Serial` names it.
        public let serial: String
        public let notBefore: Date
        public let notAfter: Date
        public let key: RSAVerifyingKey
    }

    struct Body: Codable {
        var data: [Item]
    }

    struct Item: Codable {
        var serial_no: String
        var effective_time: String
        var expire_time: String
        var encrypt_certificate: Encrypted
    }

    /// Like a callback's resource, without `original_type`.
    struct Encrypted: Codable {
        var algorithm: String
        var nonce: String
        var associated_data: String?
        var ciphertext: String
    }

    /// The certificates of a download, each decrypted and checked; the answer itself must be
    /// signed by one of them or by a key already trusted (the first download has only its own).
    public static func certificates(
        fromResponse body: String, signature: WeChatPaySignatureHeaders, apiV3Key: WeChatPayAPIv3Key,
        trusted: [String: RSAVerifyingKey], now: Date
    ) throws -> [Certificate] {
        let items = try decodeJSON(Body.self, from: Data(body.utf8)).data
        let certificates = try items.map { try certificate($0, apiV3Key: apiV3Key) }
        let keys = trusted.merging(certificates.map { ($0.serial, $0.key) }) { known, _ in known }
        try WeChatPaySignatureVerifier(platformKeys: keys).verify(signature, body: body, now: now)
        return certificates
    }

    private static func certificate(_ item: Item, apiV3Key: WeChatPayAPIv3Key) throws -> Certificate {
        let encrypted = item.encrypt_certificate
        guard encrypted.algorithm == WeChatPayEncryptedResource.aeadAES256GCM else {
            throw ChannelError.unsupportedAlgorithm(encrypted.algorithm)
        }
        let pem = try apiV3Key.decrypt(
            WeChatPayEncryptedResource(
                algorithm: encrypted.algorithm, ciphertext: encrypted.ciphertext, nonce: encrypted.nonce,
                associatedData: encrypted.associated_data, originalType: "certificate"))
        let parsed: X509.Certificate
        do {
            parsed = try X509.Certificate(pemEncoded: String(decoding: pem, as: UTF8.self))
        } catch {
            throw ChannelError.invalidKey("platform certificate \(item.serial_no) is not an X.509 certificate")
        }
        // The serial announced is the one callbacks will name: it must be the certificate's own
        // (compared as numbers: DER may lead with a zero byte).
        let serial = item.serial_no.uppercased()
        guard hex(parsed.serialNumber.bytes).drop(while: { $0 == "0" }) == serial.drop(while: { $0 == "0" }) else {
            throw ChannelError.malformedField("serial_no")
        }
        guard let rsa = _RSA.Signing.PublicKey(parsed.publicKey) else {
            throw ChannelError.invalidKey("platform certificate \(item.serial_no) holds no RSA key")
        }
        return Certificate(serial: serial, notBefore: parsed.notValidBefore, notAfter: parsed.notValidAfter, key: RSAVerifyingKey(key: rsa))
    }

    private static func hex(_ bytes: ArraySlice<UInt8>) -> String {
        bytes.map { String(format: "%02X", $0) }.joined()
    }

    /// A self-signed platform certificate for `key`, as the sandbox issues its own (PEM).
    public static func issue(serial: String, key: RSASigningKey, from notBefore: Date, to notAfter: Date) throws -> String {
        let name = try DistinguishedName {
            CountryName("CN")
            OrganizationName("Tenpay.com")
            CommonName("Tenpay.com Root CA (sandbox)")
        }
        let bytes = stride(from: 0, to: serial.utf8.count, by: 2).compactMap { offset -> UInt8? in
            let start = serial.index(serial.startIndex, offsetBy: offset)
            return UInt8(serial[start..<serial.index(start, offsetBy: 2)], radix: 16)
        }
        let certificate = try X509.Certificate(
            version: .v3, serialNumber: .init(bytes: bytes), publicKey: .init(key.key.publicKey), notValidBefore: notBefore,
            notValidAfter: notAfter, issuer: name, subject: name, signatureAlgorithm: .sha256WithRSAEncryption, extensions: .init(),
            issuerPrivateKey: .init(key.key))
        return try certificate.serializeAsPEM().pemString
    }

    /// The download's answer body as WeChat Pay gives it, for the sandbox: each certificate
    /// encrypted with the APIv3 key.
    public static func responseBody(
        _ certificates: [(serial: String, pem: String, notBefore: Date, notAfter: Date)], apiV3Key: WeChatPayAPIv3Key
    )
        throws -> String
    {
        let items = try certificates.map { certificate in
            let resource = try apiV3Key.encrypt(Data(certificate.pem.utf8), originalType: "certificate", associatedData: "certificate")
            return Item(
                serial_no: certificate.serial, effective_time: ChinaTime.rfc3339(certificate.notBefore),
                expire_time: ChinaTime.rfc3339(certificate.notAfter),
                encrypt_certificate: Encrypted(
                    algorithm: resource.algorithm, nonce: resource.nonce, associated_data: resource.associatedData,
                    ciphertext: resource.ciphertext))
        }
        return String(decoding: try JSONEncoder.sorted.encode(Body(data: items)), as: UTF8.self)
    }
}
