import CampusCardChannels
import Foundation
import Testing

struct WeChatPayAPIv3KeyTests {
    let key = try! WeChatPayAPIv3Key("0123456789abcdefghijklmnopqrstuv")
    let plaintext = Data(#"{"out_trade_no":"CC1","amount":{"total":100}}"#.utf8)

    @Test func encryptThenDecryptGivesThePlaintextBack() throws {
        let resource = try key.encrypt(
            plaintext, originalType: "transaction", associatedData: "transaction")
        #expect(resource.algorithm == "AEAD_AES_256_GCM")
        #expect(resource.nonce.utf8.count == 12)
        #expect(Data(base64Encoded: resource.ciphertext)?.count == plaintext.count + 16)
        #expect(try key.decrypt(resource) == plaintext)
    }

    @Test func anyTamperingIsRefused() throws {
        let resource = try key.encrypt(
            plaintext, originalType: "transaction", associatedData: "transaction",
            nonce: "a1b2c3d4e5f6")
        var combined = try #require(Data(base64Encoded: resource.ciphertext))
        func with(ciphertext: Data? = nil, nonce: String? = nil, associatedData: String? = nil)
            -> WeChatPayEncryptedResource
        {
            WeChatPayEncryptedResource(
                algorithm: resource.algorithm,
                ciphertext: (ciphertext ?? combined).base64EncodedString(),
                nonce: nonce ?? resource.nonce,
                associatedData: associatedData ?? resource.associatedData,
                originalType: resource.originalType)
        }
        var flippedBody = combined
        flippedBody[0] ^= 0x01
        var flippedTag = combined
        flippedTag[flippedTag.count - 1] ^= 0x80
        #expect(throws: ChannelError.decryptionFailed) {
            try key.decrypt(with(ciphertext: flippedBody))
        }
        #expect(throws: ChannelError.decryptionFailed) {
            try key.decrypt(with(ciphertext: flippedTag))
        }
        #expect(throws: ChannelError.decryptionFailed) {
            try key.decrypt(with(ciphertext: combined.dropLast()))
        }
        #expect(throws: ChannelError.decryptionFailed) {
            try key.decrypt(with(nonce: "a1b2c3d4e5f7"))
        }
        #expect(throws: ChannelError.decryptionFailed) {
            try key.decrypt(with(associatedData: "refund"))
        }
        #expect(throws: ChannelError.decryptionFailed) {
            try WeChatPayAPIv3Key("vutsrqponmlkjihgfedcba9876543210").decrypt(resource)
        }
        combined = Data(count: 15)
        #expect(throws: ChannelError.malformedField("ciphertext")) { try key.decrypt(with()) }
    }

    @Test func wrongShapesAreRefused() throws {
        #expect(throws: ChannelError.self) { try WeChatPayAPIv3Key("too short") }
        #expect(throws: ChannelError.malformedField("nonce")) {
            try key.encrypt(
                plaintext, originalType: "transaction", associatedData: "", nonce: "short")
        }
        let resource = try key.encrypt(
            plaintext, originalType: "transaction", associatedData: "transaction")
        let other = WeChatPayEncryptedResource(
            algorithm: "AEAD_SM4_GCM", ciphertext: resource.ciphertext, nonce: resource.nonce,
            associatedData: resource.associatedData, originalType: resource.originalType)
        #expect(throws: ChannelError.unsupportedAlgorithm("AEAD_SM4_GCM")) {
            try key.decrypt(other)
        }
    }
}
