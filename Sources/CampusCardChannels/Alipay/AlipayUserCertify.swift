import Foundation

/// Alipay's identity certification (身份认证, `alipay.user.certify.open.*`): the server starts one
/// with the holder's name and ID number (`initialize` → `certify_id`), the cardholder's browser is
/// sent to the signed `certify` URL of the gateway, and the server asks the outcome itself
/// (`query` → `passed` "T"). Requests are signed with the app's key; answers verified with Alipay's.
public enum AlipayUserCertify {
    public static let initializeMethod = "alipay.user.certify.open.initialize"
    public static let certifyMethod = "alipay.user.certify.open.certify"
    public static let queryMethod = "alipay.user.certify.open.query"
    /// 多因子人脸认证: the face compared with the photo of the ID the holder named.
    public static let bizCode = "FACE"

    /// What `initialize` is asked to certify. The ID number goes to Alipay only.
    public struct Subject: Sendable {
        public var name: String
        public var idNumber: String

        public init(name: String, idNumber: String) {
            (self.name, self.idNumber) = (name, idNumber)
        }
    }

    struct InitializeContent: Codable {
        struct IdentityParam: Codable {
            var identity_type = "CERT_INFO"
            var cert_type = "IDENTITY_CARD"
            var cert_name: String
            var cert_no: String
        }
        struct MerchantConfig: Codable {
            var return_url: String
        }
        var outer_order_no: String
        var biz_code: String
        var identity_param: IdentityParam
        var merchant_config: MerchantConfig
    }

    /// `outerOrderNo`: ours, unique (at most 32 letters and digits).
    public static func initializeParameters(
        outerOrderNo: String, subject: Subject, returnURL: String, signer: AlipayRequestSigner, at date: Date
    ) throws -> [String: String] {
        let content = InitializeContent(
            outer_order_no: outerOrderNo, biz_code: bizCode,
            identity_param: .init(cert_name: subject.name, cert_no: subject.idNumber), merchant_config: .init(return_url: returnURL))
        return try signer.signedParameters(
            method: initializeMethod, bizContent: String(decoding: try JSONEncoder.sorted.encode(content), as: UTF8.self), at: date)
    }

    /// The `certify_id` of a verified `initialize` answer.
    public static func certifyID(fromInitializeResponse body: String, verifier: AlipayResponseVerifier) throws -> String {
        let node = try answer(body, method: initializeMethod, verifier: verifier)
        guard let id = node.certify_id, (1...64).contains(id.count) else { throw ChannelError.missingField("certify_id") }
        return id
    }

    /// The gateway URL the cardholder's browser opens: a signed GET of `certify`.
    public static func certifyURL(gatewayURL: String, certifyID: String, signer: AlipayRequestSigner, at date: Date) throws -> String {
        let parameters = try signer.signedParameters(method: certifyMethod, bizContent: certifyContent(certifyID), at: date)
        return gatewayURL + (gatewayURL.contains("?") ? "&" : "?") + FormURLEncoding.encode(parameters)
    }

    public static func queryParameters(certifyID: String, signer: AlipayRequestSigner, at date: Date) throws -> [String: String] {
        try signer.signedParameters(method: queryMethod, bizContent: certifyContent(certifyID), at: date)
    }

    /// Whether the certification passed, from a verified `query` answer (`passed` "T"; anything
    /// else, a holder who never finished included, is not a pass).
    public static func passed(fromQueryResponse body: String, verifier: AlipayResponseVerifier) throws -> Bool {
        try answer(body, method: queryMethod, verifier: verifier).passed == "T"
    }

    /// The certify id a `certify` or `query` names, as the sandbox reads it.
    public static func certifyID(of parameters: [String: String]) throws -> String {
        guard let biz = parameters["biz_content"] else { throw ChannelError.missingField("biz_content") }
        guard let id = try decodeJSON([String: String].self, from: Data(biz.utf8))["certify_id"], !id.isEmpty else {
            throw ChannelError.missingField("certify_id")
        }
        return id
    }

    /// The `initialize` content, as the sandbox reads it.
    public static func initializeRequest(of parameters: [String: String]) throws -> (
        outerOrderNo: String, subject: Subject, returnURL: String
    ) {
        guard let biz = parameters["biz_content"] else { throw ChannelError.missingField("biz_content") }
        let content = try decodeJSON(InitializeContent.self, from: Data(biz.utf8))
        guard content.identity_param.identity_type == "CERT_INFO", content.identity_param.cert_type == "IDENTITY_CARD" else {
            throw ChannelError.malformedField("identity_param")
        }
        return (
            content.outer_order_no, Subject(name: content.identity_param.cert_name, idNumber: content.identity_param.cert_no),
            content.merchant_config.return_url
        )
    }

    /// The sandbox's answers, signed as Alipay signs them.
    public static func initializeResponse(certifyID: String, signer: AlipayResponseSigner) throws -> String {
        try signed(["code": "10000", "msg": "Success", "certify_id": certifyID], method: initializeMethod, signer: signer)
    }

    public static func queryResponse(passed: Bool, signer: AlipayResponseSigner) throws -> String {
        try signed(
            ["code": "10000", "msg": "Success", "passed": passed ? "T" : "F", "identity_info": "{}", "material_info": "{}"],
            method: queryMethod, signer: signer)
    }

    struct Node: Decodable {
        var code: String
        var sub_code: String?
        var certify_id: String?
        var passed: String?
    }

    private static func answer(_ body: String, method: String, verifier: AlipayResponseVerifier) throws -> Node {
        let node = try decodeJSON(
            Node.self, from: Data(try verifier.verifiedNode(AlipayResponseVerifier.responseKey(forMethod: method), in: body).utf8))
        guard node.code == "10000" else { throw ChannelError.rejected(node.sub_code ?? node.code) }
        return node
    }

    private static func certifyContent(_ certifyID: String) throws -> String {
        String(decoding: try JSONEncoder.sorted.encode(["certify_id": certifyID]), as: UTF8.self)
    }

    private static func signed(_ node: [String: String], method: String, signer: AlipayResponseSigner) throws -> String {
        try signer.signedBody(
            responseKey: AlipayResponseVerifier.responseKey(forMethod: method),
            node: String(decoding: try JSONEncoder.sorted.encode(node), as: UTF8.self))
    }
}
