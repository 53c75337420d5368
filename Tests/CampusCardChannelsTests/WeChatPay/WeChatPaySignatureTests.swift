import CampusCardChannels
import Foundation
import Testing

struct WeChatPaySignatureTests {
    let serial = "PUB_KEY_ID_0114232134912410000000000000"
    let now = Date(timeIntervalSince1970: 1_714_523_400)
    let body = #"{"id":"EV-2018022511223320873","resource":{"ciphertext":"x"}}"#
    var signer: WeChatPayPlatformSigner {
        WeChatPayPlatformSigner(serial: serial, platformPrivateKey: TestKeys.platform)
    }
    var verifier: WeChatPaySignatureVerifier {
        WeChatPaySignatureVerifier(platformKeys: [serial: TestKeys.platform.verifyingKey])
    }

    @Test func aSignedBodyVerifiesWithinFiveMinutesEitherWay() throws {
        let headers = try signer.headers(for: body, at: now)
        try verifier.verify(headers, body: body, now: now)
        try verifier.verify(headers, body: body, now: now.addingTimeInterval(300))
        try verifier.verify(headers, body: body, now: now.addingTimeInterval(-300))
    }

    @Test func staleOrFutureTimestampsAreRefusedEvenWhenSigned() throws {
        let headers = try signer.headers(for: body, at: now)
        #expect(throws: ChannelError.staleTimestamp(1_714_523_400)) {
            try verifier.verify(headers, body: body, now: now.addingTimeInterval(301))
        }
        #expect(throws: ChannelError.staleTimestamp(1_714_523_400)) {
            try verifier.verify(headers, body: body, now: now.addingTimeInterval(-301))
        }
    }

    @Test func anUnknownSerialIsItsOwnErrorAndCaseDoesNotMatter() throws {
        let headers = try signer.headers(for: body, at: now)
        let other = WeChatPaySignatureHeaders(
            timestamp: headers.timestamp, nonce: headers.nonce, signature: headers.signature,
            serial: "7132D72A03E93CDDF8C03BBD1F37EEDF")
        #expect(throws: ChannelError.unknownSerial("7132D72A03E93CDDF8C03BBD1F37EEDF")) {
            try verifier.verify(other, body: body, now: now)
        }
        let lowercased = WeChatPaySignatureHeaders(
            timestamp: headers.timestamp, nonce: headers.nonce, signature: headers.signature,
            serial: serial.lowercased())
        try verifier.verify(lowercased, body: body, now: now)
    }

    @Test func aChangedBodyNonceOrTimestampFailsTheSignature() throws {
        let headers = try signer.headers(for: body, at: now)
        #expect(throws: ChannelError.badSignature) {
            try verifier.verify(headers, body: body + " ", now: now)
        }
        let otherNonce = WeChatPaySignatureHeaders(
            timestamp: headers.timestamp, nonce: "X" + headers.nonce, signature: headers.signature,
            serial: serial)
        #expect(throws: ChannelError.badSignature) {
            try verifier.verify(otherNonce, body: body, now: now)
        }
        let otherTime = WeChatPaySignatureHeaders(
            timestamp: "1714523401", nonce: headers.nonce, signature: headers.signature,
            serial: serial)
        #expect(throws: ChannelError.badSignature) {
            try verifier.verify(otherTime, body: body, now: now)
        }
        let notATime = WeChatPaySignatureHeaders(
            timestamp: "-1714523400", nonce: headers.nonce, signature: headers.signature,
            serial: serial)
        #expect(throws: ChannelError.malformedField("timestamp")) {
            try verifier.verify(notATime, body: body, now: now)
        }
    }

    @Test func headersAreReadThroughTheFrameworksLookup() throws {
        let sent = try signer.headers(for: body, at: now)
        let fields = Dictionary(
            uniqueKeysWithValues: sent.fields.map { ($0.key.lowercased(), $0.value) })
        let received = try WeChatPaySignatureHeaders { fields[$0.lowercased()] }
        #expect(received == sent)
        #expect(throws: ChannelError.missingField("Wechatpay-Serial")) {
            try WeChatPaySignatureHeaders {
                $0 == "Wechatpay-Serial" ? nil : fields[$0.lowercased()]
            }
        }
        #expect(throws: ChannelError.unsupportedAlgorithm("WECHATPAY2-SM2-WITH-SM3")) {
            try WeChatPaySignatureHeaders {
                $0 == "Wechatpay-Signature-Type"
                    ? "WECHATPAY2-SM2-WITH-SM3" : fields[$0.lowercased()]
            }
        }
    }
}
