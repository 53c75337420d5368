import CampusCardChannels
import Foundation
import Testing

struct RSAKeyTests {
    @Test func signatureVerifiesWithTheMatchingPublicKeyOnly() throws {
        // given
        let message = "app_id=2021&total_amount=12.30&subject=校园卡充值"
        // when
        let signature = try TestKeys.app.sign(message)
        // then
        #expect(TestKeys.app.verifyingKey.isValidSignature(signature, for: message))
        #expect(!TestKeys.alipay.verifyingKey.isValidSignature(signature, for: message))
        #expect(!TestKeys.app.verifyingKey.isValidSignature(signature, for: message + " "))
    }

    @Test func signaturesAreDeterministicPKCS1v15() throws {
        #expect(try TestKeys.app.sign("a") == TestKeys.app.sign("a"))
    }

    @Test func aFlippedSignatureByteOrNonBase64IsInvalid() throws {
        var raw = try #require(Data(base64Encoded: TestKeys.app.sign("m")))
        raw[10] ^= 0x01
        #expect(!TestKeys.app.verifyingKey.isValidSignature(raw.base64EncodedString(), for: "m"))
        #expect(!TestKeys.app.verifyingKey.isValidSignature("not base64!", for: "m"))
        #expect(!TestKeys.app.verifyingKey.isValidSignature("", for: "m"))
    }

    @Test func keysSurviveTheirPEMAndBareBase64Forms() throws {
        // given
        let privatePEM = TestKeys.app.pemRepresentation
        let publicPEM = TestKeys.app.verifyingKey.pemRepresentation
        let bareBody = publicPEM.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        let oneLine = "-----BEGIN PUBLIC KEY-----\r\n\(bareBody)\r\n-----END PUBLIC KEY-----\r\n"
        // when
        let signature = try RSASigningKey(pem: privatePEM).sign("m")
        // then
        #expect(privatePEM.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        #expect(try RSAVerifyingKey(pem: publicPEM).isValidSignature(signature, for: "m"))
        #expect(try RSAVerifyingKey(pem: bareBody).isValidSignature(signature, for: "m"))
        #expect(try RSAVerifyingKey(pem: oneLine).isValidSignature(signature, for: "m"))
    }

    @Test func keyTextOfTheWrongKindIsRefused() throws {
        let publicPEM = TestKeys.app.verifyingKey.pemRepresentation
        #expect(throws: ChannelError.self) { try RSASigningKey(pem: publicPEM) }
        #expect(throws: ChannelError.self) {
            try RSAVerifyingKey(pem: TestKeys.app.pemRepresentation)
        }
        #expect(throws: ChannelError.self) { try RSAVerifyingKey(pem: "") }
        #expect(throws: ChannelError.self) {
            try RSAVerifyingKey(pem: "-----BEGIN PUBLIC KEY-----\nAAAA")
        }
        #expect(throws: ChannelError.self) {
            try RSASigningKey(pem: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")
        }
        #expect(throws: ChannelError.self) {
            try RSASigningKey(
                pem:
                    "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\nAAAA\n-----END RSA PRIVATE KEY-----"
            )
        }
    }
}
