import CampusCardCore
import Foundation

/// A face verification result as the channel's face service hands it to the cardholder's page:
/// `{"face_verification_result":{"certify_id":…,"user_id":…,"passed":"T","verified_at":"…"},"sign":"…"}`,
/// the node signed SHA256withRSA by the channel, the envelope of Alipay's signed responses. We
/// verify it with that channel's public key; nothing in it is trusted before.
public enum FaceVerificationResult {
    static let node = "face_verification_result"

    struct Node: Codable {
        var certify_id: String
        var user_id: String
        var passed: String
        var verified_at: String
    }

    public static func verified(_ body: String, channelKey: RSAVerifyingKey) throws -> FaceVerification {
        let text = try AlipayResponseVerifier(alipayPublicKey: channelKey).verifiedNode(node, in: body)
        let node = try decodeJSON(Node.self, from: Data(text.utf8))
        guard !node.certify_id.isEmpty, node.certify_id.count <= 64 else { throw ChannelError.malformedField("certify_id") }
        guard ["T", "F"].contains(node.passed) else { throw ChannelError.malformedField("passed") }
        guard let at = ChinaTime.date(fromAlipayTimestamp: node.verified_at) else { throw ChannelError.malformedField("verified_at") }
        return FaceVerification(certifyID: node.certify_id, userID: node.user_id, passed: node.passed == "T", verifiedAt: at)
    }

    /// What the sandbox's face service signs.
    public static func signed(_ result: FaceVerification, channelKey: RSASigningKey) throws -> String {
        let node = Node(
            certify_id: result.certifyID, user_id: result.userID, passed: result.passed ? "T" : "F",
            verified_at: ChinaTime.alipayTimestamp(result.verifiedAt))
        return try AlipayResponseSigner(alipayPrivateKey: channelKey).signedBody(
            responseKey: self.node, node: String(decoding: try JSONEncoder.sorted.encode(node), as: UTF8.self))
    }
}
