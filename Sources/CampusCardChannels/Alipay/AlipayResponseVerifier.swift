import Foundation

/// Verifies synchronous gateway responses: `{"alipay_trade_query_response":{…},"sign":"…"}`,
/// where `sign` covers the raw text of the `…_response` node.
public struct AlipayResponseVerifier: Sendable {
    private let alipayPublicKey: RSAVerifyingKey

    public init(alipayPublicKey: RSAVerifyingKey) {
        self.alipayPublicKey = alipayPublicKey
    }

    /// "alipay.trade.query" → "alipay_trade_query_response".
    public static func responseKey(forMethod method: String) -> String {
        method.replacingOccurrences(of: ".", with: "_") + "_response"
    }

    /// The text the signature covers: the node `responseKey` exactly as it appears in `body`.
    public static func signedContent(of responseKey: String, in body: String) throws -> String {
        guard let node = try RawJSON.memberValue(named: responseKey, in: body) else {
            throw ChannelError.missingField(responseKey)
        }
        guard node.hasPrefix("{") else { throw ChannelError.malformedField(responseKey) }
        return node
    }

    /// Verifies `sign` over node `responseKey` and returns the node's JSON text for decoding.
    public func verifiedNode(_ responseKey: String, in body: String) throws -> String {
        let node = try Self.signedContent(of: responseKey, in: body)
        guard let signLiteral = try RawJSON.memberValue(named: "sign", in: body) else {
            throw ChannelError.missingField("sign")
        }
        guard let sign = try? JSONDecoder().decode(String.self, from: Data(signLiteral.utf8)) else {
            throw ChannelError.malformedField("sign")
        }
        if alipayPublicKey.isValidSignature(sign, for: node) { return node }
        // Some responses are signed over the text before '/' was escaped as "\/"; Alipay's own
        // SDKs (Java, .NET) retry with the escapes undone, so we accept what they accept.
        if node.contains("\\/"),
            alipayPublicKey.isValidSignature(
                sign, for: node.replacingOccurrences(of: "\\/", with: "/"))
        {
            return node
        }
        throw ChannelError.badSignature
    }

    /// The verified `…_response` node of `method`'s answer, decoded.
    public func decodedNode<Node: Decodable>(_ type: Node.Type, forMethod method: String, in body: String) throws -> Node {
        try decodeJSON(type, from: Data(try verifiedNode(Self.responseKey(forMethod: method), in: body).utf8))
    }
}
