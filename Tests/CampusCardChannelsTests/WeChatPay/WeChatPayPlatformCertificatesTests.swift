import CampusCardChannels
import Foundation
import Testing

struct WeChatPayPlatformCertificatesTests {
    let serial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
    let now = Date(timeIntervalSince1970: 1_714_523_400)
    let apiV3Key = try! WeChatPayAPIv3Key("0123456789abcdefghijklmnopqrstuv")

    func download(serial announced: String? = nil, signedBy signer: RSASigningKey = TestKeys.platform, signerSerial: String? = nil)
        throws -> (body: String, signature: WeChatPaySignatureHeaders)
    {
        let pem = try WeChatPayPlatformCertificates.issue(
            serial: serial, key: TestKeys.platform, from: now.addingTimeInterval(-86_400), to: now.addingTimeInterval(86_400 * 365))
        let body = try WeChatPayPlatformCertificates.responseBody(
            [(announced ?? serial, pem, now.addingTimeInterval(-86_400), now.addingTimeInterval(86_400 * 365))], apiV3Key: apiV3Key)
        let signature = try WeChatPayPlatformSigner(serial: signerSerial ?? serial, platformPrivateKey: signer).headers(for: body, at: now)
        return (body, signature)
    }

    @Test func aDownloadDecryptsToCertificatesWhoseKeysCheckThePlatformsSignatures() throws {
        let (body, signature) = try download()
        let certificates = try WeChatPayPlatformCertificates.certificates(
            fromResponse: body, signature: signature, apiV3Key: apiV3Key, trusted: [:], now: now)
        let certificate = try #require(certificates.first)
        #expect(certificates.count == 1 && certificate.serial == serial)
        #expect(certificate.notBefore <= now && now < certificate.notAfter)
        #expect(certificate.key.isValidSignature(try TestKeys.platform.sign("callback"), for: "callback"))
        #expect(!certificate.key.isValidSignature(try TestKeys.merchant.sign("callback"), for: "callback"))
    }

    @Test func aCertificateAnnouncedUnderAnotherSerialIsRefused() throws {
        let (body, signature) = try download(serial: "1157F09EFDC096DE15EBE81A47057A7232F1B8E1")
        #expect(throws: ChannelError.malformedField("serial_no")) {
            try WeChatPayPlatformCertificates.certificates(
                fromResponse: body, signature: signature, apiV3Key: apiV3Key, trusted: [:], now: now)
        }
    }

    @Test func onlyTheMerchantsAPIv3KeyOpensThem() throws {
        let (body, signature) = try download()
        #expect(throws: ChannelError.decryptionFailed) {
            try WeChatPayPlatformCertificates.certificates(
                fromResponse: body, signature: signature, apiV3Key: try WeChatPayAPIv3Key("vutsrqponmlkjihgfedcba9876543210"), trusted: [:],
                now: now)
        }
    }

    @Test func theAnswerMustBeSignedByOneOfThemOrAKeyAlreadyTrusted() throws {
        // signed by a key under a serial nobody knows
        let stranger = try download(signedBy: TestKeys.merchant, signerSerial: "7777")
        #expect(throws: ChannelError.unknownSerial("7777")) {
            try WeChatPayPlatformCertificates.certificates(
                fromResponse: stranger.body, signature: stranger.signature, apiV3Key: apiV3Key, trusted: [:], now: now)
        }
        // under the certificate's serial, but not by its key
        let forged = try download(signedBy: TestKeys.merchant)
        #expect(throws: ChannelError.badSignature) {
            try WeChatPayPlatformCertificates.certificates(
                fromResponse: forged.body, signature: forged.signature, apiV3Key: apiV3Key, trusted: [:], now: now)
        }
        // by the public key already configured (public-key mode beside certificates)
        let byPublicKey = try download(signedBy: TestKeys.merchant, signerSerial: "PUB_KEY_ID_01")
        #expect(
            try WeChatPayPlatformCertificates.certificates(
                fromResponse: byPublicKey.body, signature: byPublicKey.signature, apiV3Key: apiV3Key,
                trusted: ["PUB_KEY_ID_01": TestKeys.merchant.verifyingKey], now: now
            ).count == 1)
    }
}
