import CampusCardChannels
import Foundation
import Testing

/// UnionPay's answers and notifications are believed only with a certificate that chains to the
/// configured root, names UnionPay, and whose key signed exactly these fields.
struct UnionPayVerifierTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)
    static let unionPay = try! Chain(identity: "中国银联股份有限公司")

    /// A root → middle → signing certificate chain of our own making, as the sandbox issues.
    struct Chain {
        let root: UnionPayCertificate
        let middle: UnionPayCertificate
        let signer: UnionPaySigner

        init(identity: String, validUntil end: Date = Date(timeIntervalSince1970: 2_524_608_000)) throws {
            let start = Date(timeIntervalSince1970: 1_577_836_800)
            let (rootKey, middleKey, key) = (try RSASigningKey.generate(), try RSASigningKey.generate(), try RSASigningKey.generate())
            root = try UnionPayCertificateChain.authority(name: "Test Root", serial: [1], key: rootKey, issuer: nil, from: start, to: end)
            middle = try UnionPayCertificateChain.authority(
                name: "Test Middle", serial: [2], key: middleKey, issuer: (root, rootKey), from: start, to: end)
            signer = try UnionPaySigner(
                key: key,
                certificate: try UnionPayCertificateChain.endEntity(
                    identity: identity, serial: [0x05, 0xF5, 0xE1, 0x00], key: key, issuer: (middle, middleKey), from: start, to: end))
        }

        var verifier: UnionPayVerifier { UnionPayVerifier(root: root, middle: middle) }
    }

    let notification = [
        "version": "5.1.0", "encoding": "UTF-8", "txnType": "01", "merId": "777290058110048", "orderId": "TU20260921000001",
        "txnAmt": "5000", "respCode": "00", "queryId": "512109281635580888888",
    ]

    @Test func aMessageSignedWithUnionPaysCertificateVerifies() async throws {
        let signed = try Self.unionPay.signer.signedAnswer(notification)
        #expect(signed["signMethod"] == "01" && signed["signPubKeyCert"] == Self.unionPay.signer.certificate.pem)
        #expect(try await Self.unionPay.verifier.verified(signed, now: Self.now) == signed)
    }

    @Test(arguments: ["txnAmt", "orderId", "respCode", "signPubKeyCert"])
    func oneByteChangedIsRefused(field: String) async throws {
        var signed = try Self.unionPay.signer.signedAnswer(notification)
        var bytes = Array(signed[field]!.utf8)
        bytes[field == "signPubKeyCert" ? 100 : 0] ^= 0x01
        signed[field] = String(decoding: bytes, as: UTF8.self)
        await #expect(throws: ChannelError.self) { try await Self.unionPay.verifier.verified(signed, now: Self.now) }
    }

    @Test func aFieldAddedOrRemovedIsRefused() async throws {
        let signed = try Self.unionPay.signer.signedAnswer(notification)
        var added = signed
        added["reqReserved"] = ""
        await #expect(throws: ChannelError.badSignature) { try await Self.unionPay.verifier.verified(added, now: Self.now) }
        var removed = signed
        removed["queryId"] = nil
        await #expect(throws: ChannelError.badSignature) { try await Self.unionPay.verifier.verified(removed, now: Self.now) }
    }

    @Test func aCertificateOfAnotherChainIsRefusedEvenWithUnionPaysName() async throws {
        let other = try Chain(identity: "中国银联股份有限公司")
        let signed = try other.signer.signedAnswer(notification)
        await #expect(throws: ChannelError.self) { try await Self.unionPay.verifier.verified(signed, now: Self.now) }
        // and the other chain's own verifier takes it: the refusal is the chain's
        #expect(try await other.verifier.verified(signed, now: Self.now) == signed)
    }

    @Test func aCertificateOfTheRightChainWithAnotherNameIsRefused() async throws {
        let merchant = try Chain(identity: "777290058110048")
        let signed = try merchant.signer.signedAnswer(notification)
        await #expect(throws: ChannelError.malformedField("signPubKeyCert: not 中国银联股份有限公司's")) {
            try await merchant.verifier.verified(signed, now: Self.now)
        }
        // the identity is configuration: UnionPay's test environment signs as 00040000:SIGN
        let test = try Chain(identity: "00040000:SIGN")
        let verifier = UnionPayVerifier(root: test.root, middle: test.middle, identity: "00040000:SIGN")
        #expect(try await verifier.verified(try test.signer.signedAnswer(notification), now: Self.now)["orderId"] == "TU20260921000001")
    }

    @Test func anExpiredCertificateIsRefused() async throws {
        let expired = try Chain(identity: "中国银联股份有限公司", validUntil: Self.now.addingTimeInterval(-1))
        await #expect(throws: ChannelError.self) {
            try await expired.verifier.verified(try expired.signer.signedAnswer(notification), now: Self.now)
        }
    }

    @Test func anotherSignMethodOrNoCertificateIsRefused() async throws {
        var signed = try Self.unionPay.signer.signedAnswer(notification)
        signed["signMethod"] = "11"
        await #expect(throws: ChannelError.unsupportedAlgorithm("signMethod 11")) {
            try await Self.unionPay.verifier.verified(signed, now: Self.now)
        }
        signed["signMethod"] = "01"
        signed["signPubKeyCert"] = nil
        await #expect(throws: ChannelError.missingField("signPubKeyCert")) {
            try await Self.unionPay.verifier.verified(signed, now: Self.now)
        }
    }

    @Test func aRequestNamesOurCertificateByItsSerialInDecimalAndLeavesEmptyFieldsOut() throws {
        let signed = try Self.unionPay.signer.signedRequest(["orderId": "A1", "reqReserved": "", "txnAmt": "100"])
        // serial 0x05F5E100 = 100000000
        #expect(signed["certId"] == "100000000")
        #expect(signed["reqReserved"] == nil && signed["signPubKeyCert"] == nil)
        #expect(UnionPaySignContent.isSigned(signed, by: try Self.unionPay.signer.certificate.verifyingKey()))
    }

    @Test func aKeyThatIsNotTheCertificatesIsRefused() throws {
        #expect(throws: ChannelError.self) {
            try UnionPaySigner(key: try RSASigningKey.generate(), certificate: Self.unionPay.signer.certificate)
        }
    }

    @Test func sensitiveFieldsOpenOnlyWithTheEncryptionKey() throws {
        let key = try RSASigningKey.generate()
        let own = try UnionPayEncryption(
            certificate: try UnionPayCertificateChain.authority(
                name: "Encryption", serial: [9], key: key, issuer: nil, from: Self.now, to: Self.now.addingTimeInterval(86_400)))
        let info = try own.customerInfo(["phoneNo": "13800138000", "certifTp": "01", "certifId": "110101199001011234", "smsCode": "111111"])
        let inside = String(decoding: Data(base64Encoded: info)!, as: UTF8.self)
        #expect(inside.hasPrefix("{certifId=110101199001011234&certifTp=01&smsCode=111111&encryptedInfo="))
        #expect(!inside.contains("13800138000"))
        #expect(
            try UnionPayEncryption.customerInfo(info, privateKey: key) == [
                "phoneNo": "13800138000", "certifTp": "01", "certifId": "110101199001011234", "smsCode": "111111",
            ])
        #expect(try UnionPayEncryption.decrypt(try own.encrypt("6222000000000001"), with: key) == "6222000000000001")
        #expect(throws: ChannelError.decryptionFailed) {
            try UnionPayEncryption.decrypt(try own.encrypt("x"), with: RSASigningKey.generate())
        }
    }
}
