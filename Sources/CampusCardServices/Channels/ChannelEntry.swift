import CampusCardCore
import Foundation

/// The cardholder's browser is sent to the channel's consent page and comes back with a code,
/// each channel in its own words: Alipay's `publicAppAuthorize.htm` (`app_id`, `scope=auth_base`)
/// answers `auth_code`; WeChat's `connect/oauth2/authorize` (`appid`, `response_type=code`,
/// `scope=snsapi_base`, `#wechat_redirect`) and the school's OAuth authorize answer `code`.
/// Both carry back `state`, which the server checks against what it sent.
public enum ChannelEntry {
    public static func authorizeURL(_ channel: BindingChannel, access: ChannelAccess, redirectURI: String, state: String) -> String? {
        guard let page = access.pages.authorize[channel], var url = URLComponents(string: page) else { return nil }
        var items = url.queryItems ?? []
        switch channel {
        case .alipay:
            items += [.init(name: "app_id", value: access.alipay.appID), .init(name: "scope", value: "auth_base")]
        case .wechat:
            items += [.init(name: "appid", value: access.wechat.appID), .init(name: "response_type", value: "code")]
            items.append(.init(name: "scope", value: "snsapi_base"))
        case .schoolApp:
            items += [.init(name: "response_type", value: "code"), .init(name: "client_id", value: access.schoolLogin.clientID)]
        }
        items += [.init(name: "redirect_uri", value: redirectURI), .init(name: "state", value: state)]
        url.percentEncodedQuery = items.map { "\($0.name)=\(formEncoded($0.value ?? ""))" }.joined(separator: "&")
        if channel == .wechat { url.fragment = "wechat_redirect" }
        return url.string
    }

    /// The code in the query the channel came back with.
    public static func code(_ channel: BindingChannel, query: [String: String]) -> String? {
        channel == .alipay ? query["auth_code"] : query["code"]
    }

    /// Everything but unreserved characters escaped, as a URL inside a query must be.
    public static func formEncoded(_ text: String) -> String {
        text.addingPercentEncoding(
            withAllowedCharacters: CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~"))
            ?? text
    }
}
