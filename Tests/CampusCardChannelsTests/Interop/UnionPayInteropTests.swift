import CampusCardChannels
import Foundation
import Testing

/// Each direction against `unionpay_peer.py`, an independent implementation of ACP 5.1.0's
/// signMethod 01 on `cryptography` (no PyPI package implements the published rule), with
/// certificates the peer issues itself.
@Suite(.disabled(if: Peer.skipRequested, "CAMPUSCARD_SKIP_PEER_TESTS=1"))
struct UnionPayInteropTests {
    struct Chain {
        let root: UnionPayCertificate
        let middle: UnionPayCertificate
        let certificatePEM: String
        let privateKeyPEM: String
        let certID: String

        init(identity: String) throws {
            let answer = try Peer.call("unionpay_peer.py", "issue_chain", ["serial": 1_234_567_890_123_456_789, "identity": identity])
            root = try UnionPayCertificate(pem: answer["root"] as? String ?? "")
            middle = try UnionPayCertificate(pem: answer["middle"] as? String ?? "")
            certificatePEM = answer["certificate"] as? String ?? ""
            privateKeyPEM = answer["private_key"] as? String ?? ""
            certID = answer["cert_id"] as? String ?? ""
        }

        var signer: UnionPaySigner {
            get throws { try UnionPaySigner(key: RSASigningKey(pem: privateKeyPEM), certificate: UnionPayCertificate(pem: certificatePEM)) }
        }
    }

    let fields = [
        "version": "5.1.0", "encoding": "UTF-8", "txnType": "01", "txnSubType": "01", "bizType": "000201", "channelType": "08",
        "accessType": "0", "merId": "777290058110048", "orderId": "TU20260921000001", "txnTime": "20260921203320", "txnAmt": "5000",
        "currencyCode": "156", "backUrl": "https://card.example.edu/api/v1/channels/bank/notify", "reqReserved": "",
    ]

    @Test func theCertIDIsTheSerialInDecimalAsThePeerReadsIt() throws {
        let chain = try Chain(identity: "中国银联股份有限公司")
        #expect(chain.certID == "1234567890123456789")
        #expect(try UnionPayCertificate(pem: chain.certificatePEM).certID == chain.certID)
    }

    @Test func aRequestSignedInSwiftIsByteForByteThePeers() throws {
        let chain = try Chain(identity: "777290058110048")
        let swift = try chain.signer.signedRequest(fields)
        let peer = try Peer.call(
            "unionpay_peer.py", "sign", ["fields": fields, "private_key": chain.privateKeyPEM, "certificate": chain.certificatePEM])
        #expect(peer["fields"] as? [String: String] == swift)
        #expect(peer["sign_content"] as? String == UnionPaySignContent.of(swift))
    }

    @Test func anAnswerSignedInSwiftVerifiesInThePeerAndOneByteChangedDoesNot() throws {
        let chain = try Chain(identity: "中国银联股份有限公司")
        let signed = try chain.signer.signedAnswer(fields.merging(["respCode": "00"]) { a, _ in a })
        func peerAccepts(_ message: [String: String], identity: String = "中国银联股份有限公司") throws -> Bool {
            try Peer.call(
                "unionpay_peer.py", "verify",
                ["fields": message, "root": chain.root.pem, "middle": chain.middle.pem, "identity": identity])["valid"] as? Bool == true
        }
        #expect(try peerAccepts(signed))
        var changed = signed
        changed["txnAmt"] = "5001"
        #expect(try !peerAccepts(changed))
        #expect(try !peerAccepts(signed, identity: "00040000:SIGN"))
    }

    @Test func aMessageThePeerSignsVerifiesHereUnlessChangedOrOfAnotherChain() async throws {
        let chain = try Chain(identity: "中国银联股份有限公司")
        let answer = try Peer.call(
            "unionpay_peer.py", "sign",
            [
                "fields": fields.merging(["respCode": "00"]) { a, _ in a }, "private_key": chain.privateKeyPEM,
                "certificate": chain.certificatePEM, "present_certificate": true,
            ])
        let signed = try #require(answer["fields"] as? [String: String])
        let now = Date()
        let verifier = UnionPayVerifier(root: chain.root, middle: chain.middle)
        #expect(try await verifier.verified(signed, now: now)["orderId"] == "TU20260921000001")
        var changed = signed
        changed["orderId"] = "TU20260921000002"
        await #expect(throws: ChannelError.badSignature) { try await verifier.verified(changed, now: now) }
        let other = try Chain(identity: "中国银联股份有限公司")
        await #expect(throws: ChannelError.self) {
            try await UnionPayVerifier(root: other.root, middle: other.middle).verified(signed, now: now)
        }
    }
}
