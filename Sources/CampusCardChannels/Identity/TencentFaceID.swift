import Foundation

/// Tencent Cloud FaceID's H5 face check (人脸核身, faceid.tencentcloudapi.com, version 2018-03-01):
/// `DetectAuth` with the rule, the holder's name and ID number and where to come back →
/// `BizToken` and the `Url` the cardholder opens; then `GetDetectInfoEnhanced` with the token,
/// whose `Text.ErrCode` 0 is a pass. Each call is signed TC3-HMAC-SHA256 (`TencentCloudSigner`);
/// the answers are not signed, so they are read only from our own call over TLS.
public enum TencentFaceID {
    public static let version = "2018-03-01"
    public static let detectAuth = "DetectAuth"
    public static let getDetectInfo = "GetDetectInfoEnhanced"

    public struct DetectAuthRequest: Codable, Sendable {
        public var RuleId: String
        public var IdCard: String
        public var Name: String
        public var RedirectUrl: String
        /// Ours, handed back with the result.
        public var Extra: String
    }

    public struct GetDetectInfoRequest: Codable, Sendable {
        public var BizToken: String
        public var RuleId: String
        /// 1: the text result only (no photos or video).
        public var InfoType = "1"
    }

    /// The JSON body of `DetectAuth`. The ID number goes to Tencent only.
    public static func detectAuthBody(ruleID: String, name: String, idNumber: String, redirectURL: String, extra: String) throws -> String {
        try text(DetectAuthRequest(RuleId: ruleID, IdCard: idNumber, Name: name, RedirectUrl: redirectURL, Extra: extra))
    }

    public static func getDetectInfoBody(bizToken: String, ruleID: String) throws -> String {
        try text(GetDetectInfoRequest(BizToken: bizToken, RuleId: ruleID))
    }

    /// `BizToken` and `Url` of a `DetectAuth` answer; an `Error` answer is `ChannelError.rejected` with its code.
    public static func started(fromResponse body: Data) throws -> (bizToken: String, url: String) {
        let response = try self.response(body)
        guard let token = response.BizToken, !token.isEmpty, token.count <= 128 else { throw ChannelError.missingField("BizToken") }
        guard let url = response.Url, ["https://", "http://", "/"].contains(where: url.hasPrefix) else {
            throw ChannelError.missingField("Url")
        }
        return (token, url)
    }

    /// Whether the check passed (`Text.ErrCode` 0), from a `GetDetectInfoEnhanced` answer.
    public static func passed(fromResponse body: Data) throws -> Bool {
        try response(body).Text?.ErrCode == 0
    }

    struct Envelope: Codable {
        var Response: Response
    }

    struct Response: Codable {
        struct Failure: Codable {
            var Code: String
            var Message: String
        }
        struct Text: Codable {
            var ErrCode: Int?
            var ErrMsg: String?
        }
        var Error: Failure?
        var BizToken: String?
        var Url: String?
        var Text: Text?
        var RequestId: String?
    }

    private static func response(_ body: Data) throws -> Response {
        let response = try decodeJSON(Envelope.self, from: body).Response
        if let failure = response.Error { throw ChannelError.rejected(failure.Code) }
        return response
    }

    /// The sandbox's answers, in Tencent's shape.
    public static func detectAuthResponse(bizToken: String, url: String) throws -> String {
        try text(Envelope(Response: Response(BizToken: bizToken, Url: url, RequestId: UUID().uuidString)))
    }

    public static func getDetectInfoResponse(passed: Bool?) throws -> String {
        let outcome: Response.Text =
            switch passed {
            case true?: .init(ErrCode: 0, ErrMsg: "成功")
            case false?: .init(ErrCode: 1_001, ErrMsg: "活体检测未通过")
            case nil: .init(ErrCode: nil, ErrMsg: nil)
            }
        return try text(Envelope(Response: Response(Text: outcome, RequestId: UUID().uuidString)))
    }

    public static func errorResponse(code: String, message: String) throws -> String {
        try text(Envelope(Response: Response(Error: .init(Code: code, Message: message), RequestId: UUID().uuidString)))
    }

    private static func text(_ value: some Encodable) throws -> String {
        String(decoding: try JSONEncoder.sorted.encode(value), as: UTF8.self)
    }
}
