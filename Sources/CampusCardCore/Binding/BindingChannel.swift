import Foundation

/// Where a cardholder comes from: each channel vouches for its own user identity.
public enum BindingChannel: String, Sendable, Codable, CaseIterable {
    case schoolApp = "school_app"
    case alipay
    case wechat

    public var chineseName: String {
        switch self {
        case .schoolApp: "学校APP"
        case .alipay: "支付宝校园服务"
        case .wechat: "微信缴费大厅"
        }
    }
}

/// A user as one channel knows them (Alipay `user_id`, WeChat `openid`, the school login).
public struct ChannelIdentity: Hashable, Sendable {
    public var channel: BindingChannel
    public var userID: String

    public init(channel: BindingChannel, userID: String) {
        self.channel = channel
        self.userID = userID
    }

    /// The key attempts are counted under.
    public var attemptSubject: String { "channel:\(channel.rawValue):\(userID)" }
}
