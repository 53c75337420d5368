import CampusCardChannels
import CampusCardCore
import CampusCardServer
import Foundation

extension SandboxGateway {
    /// The environment that points `campuscard serve` at this sandbox running on its own at
    /// `sandboxURL` (its notifications going to `serverURL`): the same settings as for the real
    /// providers, with key and secret files from the sandbox's folder. Configuration only.
    public func serverEnvironment(sandboxURL: String, serverURL: String) throws -> [(name: String, value: String)] {
        guard state.directory != nil else { throw SandboxStateError.noFolder }
        func keyFile(_ name: String) -> String { state.file("\(name).pem")!.path }
        func publicKeyFile(_ name: String, _ key: RSASigningKey) throws -> String {
            let file = state.file("\(name).pub.pem")!
            try state.write(key.verifyingKey.pemRepresentation, to: file)
            return file.path
        }
        let base = sandboxURL + basePath
        var environment: [(name: String, value: String)] = [
            ("CAMPUSCARD_ALIPAY_APP_ID", alipayAppID), ("CAMPUSCARD_ALIPAY_SELLER_ID", alipaySellerID),
            ("CAMPUSCARD_ALIPAY_APP_PRIVATE_KEY_FILE", keyFile("app")),
            ("CAMPUSCARD_ALIPAY_PUBLIC_KEY_FILE", try publicKeyFile("alipay", alipayKey)),
            ("CAMPUSCARD_ALIPAY_GATEWAY_URL", "\(base)/alipay/gateway.do"),
            ("CAMPUSCARD_ALIPAY_NOTIFY_URL", serverURL + ChannelNotifyPath.alipay),
            ("CAMPUSCARD_WECHAT_APP_ID", weChatAppID), ("CAMPUSCARD_WECHAT_APP_SECRET_FILE", state.file("wechat-app-secret")!.path),
            ("CAMPUSCARD_WECHAT_OAUTH_URL", "\(base)/wechat"),
            ("CAMPUSCARD_SCHOOL_LOGIN_CLIENT_ID", schoolClientID),
            ("CAMPUSCARD_SCHOOL_LOGIN_SECRET_FILE", state.file("school-login-secret")!.path),
            ("CAMPUSCARD_SCHOOL_LOGIN_URL", "\(base)/school"),
            ("CAMPUSCARD_WECHATPAY_MCH_ID", weChatMchID), ("CAMPUSCARD_WECHATPAY_MERCHANT_SERIAL", weChatMerchantSerial),
            ("CAMPUSCARD_WECHATPAY_MERCHANT_PRIVATE_KEY_FILE", keyFile("wechatpay-merchant")),
            ("CAMPUSCARD_WECHATPAY_APIV3_KEY_FILE", state.file("wechatpay-apiv3-key")!.path),
            ("CAMPUSCARD_WECHATPAY_PUBLIC_KEY_ID", weChatPlatformSerial),
            ("CAMPUSCARD_WECHATPAY_PUBLIC_KEY_FILE", try publicKeyFile("wechatpay-platform", weChatPlatformKey)),
            ("CAMPUSCARD_WECHATPAY_BASE_URL", "\(base)/wechat"), ("CAMPUSCARD_WECHATPAY_NOTIFY_URL", serverURL + ChannelNotifyPath.weChat),
            ("CAMPUSCARD_BANK_MERCHANT_ID", bankMerchantID), ("CAMPUSCARD_BANK_MERCHANT_PRIVATE_KEY_FILE", keyFile("bank-merchant")),
            ("CAMPUSCARD_BANK_GATEWAY_PUBLIC_KEY_FILE", try publicKeyFile("bank-gateway", bankGatewayKey)),
            ("CAMPUSCARD_TENCENT_FACEID_SECRET_ID", tencentSecretID),
            ("CAMPUSCARD_TENCENT_FACEID_SECRET_KEY_FILE", state.file("tencent-faceid-secret-key")!.path),
            ("CAMPUSCARD_TENCENT_FACEID_RULE_ID", tencentRuleID), ("CAMPUSCARD_TENCENT_FACEID_URL", "\(base)/tencent/faceid"),
            ("CAMPUSCARD_BANK_GATEWAY_URL", "\(base)/bank"), ("CAMPUSCARD_BANK_NOTIFY_URL", serverURL + ChannelNotifyPath.bank),
        ]
        for channel in BindingChannel.allCases {
            let authorize =
                switch channel {
                case .alipay: "CAMPUSCARD_ALIPAY_AUTHORIZE_URL"
                case .wechat: "CAMPUSCARD_WECHAT_AUTHORIZE_URL"
                case .schoolApp: "CAMPUSCARD_SCHOOL_LOGIN_AUTHORIZE_URL"
                }
            environment.append((authorize, "\(base)/\(SandboxRoutes.path(of: channel))/authorize"))
        }
        return environment
    }
}

enum SandboxStateError: Error, CustomStringConvertible {
    case noFolder

    var description: String { "the sandbox keeps the keys a server reads in its state folder: give it one" }
}
