import Foundation

/// The OAuth 2 code exchanges that are not signed but sent with the app's secret over TLS:
/// WeChat's `sns/oauth2/access_token` (answers `openid`) and the school's own login (answers
/// `user_id`, the 学工号 it signed in).
public enum OAuthCodeExchange {
    /// WeChat: `GET /sns/oauth2/access_token?appid=…&secret=…&code=…&grant_type=authorization_code`.
    public static func weChatQuery(appID: String, secret: String, code: String) -> [(String, String)] {
        [("appid", appID), ("secret", secret), ("code", code), ("grant_type", "authorization_code")]
    }

    /// `{"openid":…}` or WeChat's `{"errcode":40029,"errmsg":"invalid code"}`.
    public static func weChatOpenID(fromResponse data: Data) throws -> String {
        struct Answer: Decodable {
            var openid: String?
            var errcode: Int?
        }
        let answer = try decodeJSON(Answer.self, from: data)
        if let code = answer.errcode, code != 0 { throw ChannelError.rejected(String(code)) }
        guard let openid = answer.openid, !openid.isEmpty else { throw ChannelError.missingField("openid") }
        return openid
    }

    /// School login: `POST /oauth/token` with form `grant_type=authorization_code&code&client_id&client_secret`.
    public static func schoolLoginForm(clientID: String, secret: String, code: String) -> [String: String] {
        ["grant_type": "authorization_code", "code": code, "client_id": clientID, "client_secret": secret]
    }

    /// `{"user_id":…}` or RFC 6749's `{"error":"invalid_grant"}`.
    public static func schoolUserID(fromResponse data: Data) throws -> String {
        struct Answer: Decodable {
            var user_id: String?
            var error: String?
        }
        let answer = try decodeJSON(Answer.self, from: data)
        if let error = answer.error { throw ChannelError.rejected(error) }
        guard let id = answer.user_id, !id.isEmpty else { throw ChannelError.missingField("user_id") }
        return id
    }
}
