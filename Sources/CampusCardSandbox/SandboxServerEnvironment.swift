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
            ("CAMPUSCARD_UNIONPAY_MERCHANT_ID", SandboxUnionPay.merchantID),
            ("CAMPUSCARD_UNIONPAY_SIGN_KEY_FILE", keyFile("unionpay-merchant")),
            ("CAMPUSCARD_UNIONPAY_SIGN_CERT_FILE", state.file("unionpay-merchant.crt.pem")!.path),
            ("CAMPUSCARD_UNIONPAY_ROOT_CERT_FILE", state.file("unionpay-root.crt.pem")!.path),
            ("CAMPUSCARD_UNIONPAY_MIDDLE_CERT_FILE", state.file("unionpay-middle.crt.pem")!.path),
            ("CAMPUSCARD_UNIONPAY_ENCRYPT_CERT_FILE", state.file("unionpay-encrypt.crt.pem")!.path),
            ("CAMPUSCARD_UNIONPAY_SIGNER_IDENTITY", SandboxUnionPay.identity),
            ("CAMPUSCARD_UNIONPAY_TOKEN_REQUESTOR_ID", SandboxUnionPay.tokenRequestorID),
            ("CAMPUSCARD_UNIONPAY_GATEWAY_URL", "\(base)/unionpay"), ("CAMPUSCARD_UNIONPAY_NOTIFY_URL", serverURL + ChannelNotifyPath.bank),
            ("CAMPUSCARD_UNIONPAY_RETURN_URL", serverURL + "/"),
            ("CAMPUSCARD_TENCENT_FACEID_SECRET_ID", tencentSecretID),
            ("CAMPUSCARD_TENCENT_FACEID_SECRET_KEY_FILE", state.file("tencent-faceid-secret-key")!.path),
            ("CAMPUSCARD_TENCENT_FACEID_RULE_ID", tencentRuleID), ("CAMPUSCARD_TENCENT_FACEID_URL", "\(base)/tencent/faceid"),
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
