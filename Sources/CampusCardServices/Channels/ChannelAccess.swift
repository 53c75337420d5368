import CampusCardChannels
import CampusCardCore
import Foundation

/// How this deployment reaches each channel: URLs, app ids, our keys and secrets, and the
/// channel's public keys. A URL that is only a path ("/sandbox/…") is served by this very
/// server (the sandbox in demo mode); pointing at the real providers changes only this.
public struct ChannelAccess: Sendable {
    public var alipay: Alipay
    public var wechat: WeChat
    public var schoolLogin: SchoolLogin
    public var weChatPay: WeChatPay
    public var unionPay: UnionPay
    /// The channels' own pages the cardholder's browser is sent to for consent (face pages are the
    /// providers' answers to `FaceVerifier.start`).
    public var pages: CardholderPages
    /// Tencent Cloud FaceID, the face check of WeChat and the school app; nil: not set up.
    public var faceID: FaceID?

    public init(
        alipay: Alipay, wechat: WeChat, schoolLogin: SchoolLogin, weChatPay: WeChatPay, unionPay: UnionPay, pages: CardholderPages,
        faceID: FaceID? = nil
    ) {
        (self.alipay, self.wechat, self.schoolLogin, self.weChatPay, self.unionPay) = (alipay, wechat, schoolLogin, weChatPay, unionPay)
        (self.pages, self.faceID) = (pages, faceID)
    }

    /// A Tencent Cloud API key (SecretId/SecretKey) and the FaceID business flow (`RuleId`) it runs.
    public struct FaceID: Sendable {
        public var signer: TencentCloudSigner
        public var ruleID: String
        /// https://faceid.tencentcloudapi.com, or the sandbox's path.
        public var url: String
        /// The host the signature names: faceid.tencentcloudapi.com.
        public var host: String

        public init(secretID: String, secretKey: String, ruleID: String, url: String, host: String = "faceid.tencentcloudapi.com") {
            (self.signer, self.ruleID, self.url, self.host) = (
                TencentCloudSigner(secretID: secretID, secretKey: secretKey), ruleID, url, host
            )
        }
    }

    /// Where a channel's consent page (OAuth authorize) is.
    public struct CardholderPages: Sendable {
        /// Alipay: https://openauth.alipay.com/oauth2/publicAppAuthorize.htm; WeChat:
        /// https://open.weixin.qq.com/connect/oauth2/authorize; the school: its sign-on's authorize.
        public var authorize: [BindingChannel: String]

        public init(authorize: [BindingChannel: String]) {
            self.authorize = authorize
        }
    }

    /// UnionPay ACP 5.1.0: the school app's bank-card top-ups (front transactions) and auto
    /// top-up's token debits, signed with our certificate, answers checked against UnionPay's root.
    public struct UnionPay: Sendable {
        public var merchantID: String
        /// Our signing key and certificate (`certId`), as UnionPay issued it (its .pfx, in PEM).
        public var signer: UnionPaySigner
        /// UnionPay's root and middle certificates and the identity its signing certificate names.
        public var verifier: UnionPayVerifier
        /// UnionPay's encryption certificate (`encryptCertId`), for card numbers and phone numbers.
        public var encryption: UnionPayEncryption
        /// https://gateway.95516.com
        public var baseURL: String
        /// Our `/api/v1/channels/bank/notify` as UnionPay reaches it (`backUrl`).
        public var notifyURL: String
        /// Where the cardholder's browser comes back to from the bank's page (`frontUrl`).
        public var returnURL: String
        /// Our token requestor id (`trId`), which UnionPay assigns for token payments.
        public var tokenRequestorID: String

        public init(
            merchantID: String, signer: UnionPaySigner, verifier: UnionPayVerifier, encryption: UnionPayEncryption, baseURL: String,
            notifyURL: String, returnURL: String, tokenRequestorID: String
        ) {
            (self.merchantID, self.signer, self.verifier, self.encryption) = (merchantID, signer, verifier, encryption)
            (self.baseURL, self.notifyURL, self.returnURL, self.tokenRequestorID) = (baseURL, notifyURL, returnURL, tokenRequestorID)
        }
    }

    /// WeChat Pay API v3 as the merchant (the school) holds it.
    public struct WeChatPay: Sendable {
        public var appID: String
        public var mchID: String
        public var merchantSerial: String
        public var merchantPrivateKey: RSASigningKey
        public var apiV3Key: WeChatPayAPIv3Key
        /// Platform public keys by serial (or `PUB_KEY_ID_…`): those configured, and the
        /// certificates downloaded as they are needed (shared by every copy of this access).
        public let platformKeys: WeChatPayPlatformKeys
        /// https://api.mch.weixin.qq.com
        public var baseURL: String
        /// Our `/api/v1/channels/wechat/notify` as WeChat reaches it.
        public var notifyURL: String

        public init(
            appID: String, mchID: String, merchantSerial: String, merchantPrivateKey: RSASigningKey, apiV3Key: WeChatPayAPIv3Key,
            platformKeys: [String: RSAVerifyingKey], baseURL: String, notifyURL: String
        ) {
            (self.appID, self.mchID, self.merchantSerial, self.merchantPrivateKey, self.apiV3Key) = (
                appID, mchID, merchantSerial, merchantPrivateKey, apiV3Key
            )
            (self.platformKeys, self.baseURL, self.notifyURL) = (WeChatPayPlatformKeys(configured: platformKeys), baseURL, notifyURL)
        }
    }

    public struct Alipay: Sendable {
        public var appID: String
        /// The merchant's Alipay id (PID, `2088…`): every paid notification must name it as seller.
        public var sellerID: String
        /// The mini program the cardholders pay in (`op_app_id`), when another app signs for it.
        public var opAppID: String
        public var appPrivateKey: RSASigningKey
        /// Verifies Alipay's responses (certification queries included) and notifications.
        public var alipayPublicKey: RSAVerifyingKey
        public var gatewayURL: String
        /// Where Alipay posts its notifications: our `/api/v1/channels/alipay/notify`, as the world reaches it.
        public var notifyURL: String

        public init(
            appID: String, sellerID: String, opAppID: String? = nil, appPrivateKey: RSASigningKey, alipayPublicKey: RSAVerifyingKey,
            gatewayURL: String, notifyURL: String
        ) {
            (self.appID, self.sellerID, self.opAppID) = (appID, sellerID, opAppID ?? appID)
            (self.appPrivateKey, self.alipayPublicKey, self.gatewayURL, self.notifyURL) = (
                appPrivateKey, alipayPublicKey, gatewayURL, notifyURL
            )
        }
    }

    public struct WeChat: Sendable {
        public var appID: String
        public var appSecret: String
        /// Where `sns/oauth2/access_token` lives (https://api.weixin.qq.com).
        public var oauthURL: String

        public init(appID: String, appSecret: String, oauthURL: String) {
            (self.appID, self.appSecret, self.oauthURL) = (appID, appSecret, oauthURL)
        }
    }

    /// The school's own single sign-on, which the school app signs its users in with: the
    /// deployment's, or each school's own (`SchoolSignOn` in its settings).
    public struct SchoolLogin: Sendable {
        public var clientID: String
        public var clientSecret: String
        public var baseURL: String
        /// The OpenID client secret a school's provider gave us, by school code; a school without
        /// one signs in as a public client (PKCE alone).
        public var signOnSecrets: [String: String]

        public init(
            clientID: String, clientSecret: String, baseURL: String, signOnSecrets: [String: String] = [:]
        ) {
            (self.clientID, self.clientSecret, self.baseURL) = (clientID, clientSecret, baseURL)
            self.signOnSecrets = signOnSecrets
        }
    }
}
