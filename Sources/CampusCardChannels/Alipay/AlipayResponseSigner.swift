/// Signs gateway responses with Alipay's private key, so the sandbox gateway can play Alipay.
public struct AlipayResponseSigner: Sendable {
    private let alipayPrivateKey: RSASigningKey

    public init(alipayPrivateKey: RSASigningKey) {
        self.alipayPrivateKey = alipayPrivateKey
    }

    /// `{"<responseKey>":<node>,"sign":"…"}`, the signature over `node` exactly as given.
    /// `node` must be a JSON object's text, `responseKey` a plain name such as
    /// "alipay_trade_query_response".
    public func signedBody(responseKey: String, node: String) throws -> String {
        let sign = try alipayPrivateKey.sign(node)
        // Base64 has no characters JSON must escape, so the literal can be written directly.
        return "{\"\(responseKey)\":\(node),\"sign\":\"\(sign)\"}"
    }
}
