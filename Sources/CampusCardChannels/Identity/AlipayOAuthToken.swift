import CampusCardCore
import Foundation

/// `alipay.system.oauth.token`: the `auth_code` a cardholder's Alipay page received, exchanged
/// server to server for the Alipay user id. The request is signed with the app's key; the
/// answer's `…_response` node is verified with Alipay's.
public enum AlipayOAuthToken {
    public static let method = "alipay.system.oauth.token"

    public static func requestParameters(authCode: String, signer: AlipayRequestSigner, at date: Date) throws -> [String: String] {
        try signer.signedParameters(
            method: method, bizContent: nil, parameters: ["grant_type": "authorization_code", "code": authCode], at: date)
    }

    /// The user id from a verified answer; an `error_response` (an unknown, used or expired
    /// code) is `ChannelError.rejected` with Alipay's sub-code.
    public static func userID(fromResponse body: String, verifier: AlipayResponseVerifier) throws -> String {
        struct Node: Decodable {
            var user_id: String?
            var open_id: String?
            var sub_code: String?
            var code: String?
        }
        if (try? RawJSON.memberValue(named: "error_response", in: body)) != nil {
            let node = try decodeJSON(Node.self, from: Data(try verifier.verifiedNode("error_response", in: body).utf8))
            throw ChannelError.rejected(node.sub_code ?? node.code ?? "error_response")
        }
        let node = try decodeJSON(
            Node.self, from: Data(try verifier.verifiedNode(AlipayResponseVerifier.responseKey(forMethod: method), in: body).utf8))
        guard let id = node.user_id ?? node.open_id, !id.isEmpty else { throw ChannelError.missingField("user_id") }
        return id
    }

    /// The answer the sandbox gives for a code it issued (signed as Alipay signs it).
    public static func response(userID: String, accessToken: String, signer: AlipayResponseSigner) throws -> String {
        let node = try JSONEncoder.sorted.encode([
            "user_id": userID, "open_id": userID, "access_token": accessToken, "expires_in": "1296000",
        ])
        return try signer.signedBody(
            responseKey: AlipayResponseVerifier.responseKey(forMethod: method), node: String(decoding: node, as: UTF8.self))
    }

    /// Alipay's refusal of an unknown or used code.
    public static func refusal(signer: AlipayResponseSigner) throws -> String {
        try signer.signedBody(
            responseKey: "error_response",
            node: #"{"code":"40002","msg":"Invalid Arguments","sub_code":"isv.code-invalid","sub_msg":"授权码code无效"}"#)
    }
}
