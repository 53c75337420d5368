import Foundation

/// One count a request adds to: at which door, per what, whose, under which limit. Its `key`
/// names the row every server process counts in (`sign_in:address:10.0.0.7`).
public struct RateCounter: Sendable, Equatable {
    public enum Door: String, Sendable {
        case signIn = "sign_in"
        case binding
        case topUp = "top_up"

        var zh: String {
            switch self {
            case .signIn: "登录"
            case .binding: "绑卡与验证"
            case .topUp: "充值下单"
            }
        }

        var en: String {
            switch self {
            case .signIn: "sign-in"
            case .binding: "binding"
            case .topUp: "top-up"
            }
        }
    }

    public enum Per: String, Sendable {
        case address, username, binding

        var zh: String {
            switch self {
            case .address: "同一网络地址"
            case .username: "同一账号"
            case .binding: "同一张卡的绑定"
            }
        }

        var en: String {
            switch self {
            case .address: "from one network address"
            case .username: "for one username"
            case .binding: "for one card binding"
            }
        }
    }

    public var door: Door
    public var per: Per
    public var subject: String
    public var limit: AttemptLimit

    public init(_ door: Door, per: Per, _ subject: String, limit: AttemptLimit) {
        (self.door, self.per, self.subject, self.limit) = (door, per, subject, limit)
    }

    public var key: String { "\(door.rawValue):\(per.rawValue):\(subject)" }

    public static func == (lhs: RateCounter, rhs: RateCounter) -> Bool { lhs.key == rhs.key }
}
