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
    /// The channels' own pages the cardholder's browser is sent to: consent and face verification.
    public var pages: CardholderPages

    public init(
        alipay: Alipay, wechat: WeChat, schoolLogin: SchoolLogin, weChatPay: WeChatPay, unionPay: UnionPay, pages: CardholderPages
    ) {
        (self.alipay, self.wechat, self.schoolLogin, self.weChatPay, self.unionPay) = (alipay, wechat, schoolLogin, weChatPay, unionPay)
        self.pages = pages
    }

    /// Where a channel's consent page (OAuth authorize) and face verification page are.
    public struct CardholderPages: Sendable {
        /// Alipay: https://openauth.alipay.com/oauth2/publicAppAuthorize.htm; WeChat:
        /// https://open.weixin.qq.com/connect/oauth2/authorize; the school: its sign-on's authorize.
        public var authorize: [BindingChannel: String]
        /// The channel's face verification page, which posts `face_result` and `state` back to
        /// `return_url`. (Our interim format: see issue 21 for the providers' server-side results.)
        public var face: [BindingChannel: String]

        public init(authorize: [BindingChannel: String], face: [BindingChannel: String]) {
            (self.authorize, self.face) = (authorize, face)
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
        /// Verifies Alipay's responses, notifications and face results.
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
        public var faceKey: RSAVerifyingKey

        public init(appID: String, appSecret: String, oauthURL: String, faceKey: RSAVerifyingKey) {
            (self.appID, self.appSecret, self.oauthURL, self.faceKey) = (appID, appSecret, oauthURL, faceKey)
        }
    }

    /// The school's own single sign-on, which the school app signs its users in with: the
    /// deployment's, or each school's own (`SchoolSignOn` in its settings).
    public struct SchoolLogin: Sendable {
        public var clientID: String
        public var clientSecret: String
        public var baseURL: String
        public var faceKey: RSAVerifyingKey
        /// The OpenID client secret a school's provider gave us, by school code; a school without
        /// one signs in as a public client (PKCE alone).
        public var signOnSecrets: [String: String]

        public init(
            clientID: String, clientSecret: String, baseURL: String, faceKey: RSAVerifyingKey, signOnSecrets: [String: String] = [:]
        ) {
            (self.clientID, self.clientSecret, self.baseURL, self.faceKey) = (clientID, clientSecret, baseURL, faceKey)
            self.signOnSecrets = signOnSecrets
        }
    }

    /// The key a channel signs its face results with.
    public func faceKey(of channel: BindingChannel) -> RSAVerifyingKey {
        switch channel {
        case .alipay: alipay.alipayPublicKey
        case .wechat: wechat.faceKey
        case .schoolApp: schoolLogin.faceKey
        }
    }
}
