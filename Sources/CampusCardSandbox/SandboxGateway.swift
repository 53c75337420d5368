import CampusCardChannels
import CampusCardCore
import CampusCardServer
import CampusCardServices
import Foundation
import Synchronization
import Vapor

/// The providers, played locally (PROTOCOLS.md "The sandbox gateway"): Alipay's gateway, WeChat's
/// OAuth, the school's sign-on and the face providers (Alipay's certification, Tencent Cloud
/// FaceID), with key pairs of their own made at start. It is the outside world, not part of the product, so it may keep what it issued
/// in memory; the server talks to it only through the wire formats.
public final class SandboxGateway: LocalChannels {
    /// Alipay's own key (signs its answers) and the app key Alipay would hold our public half of.
    let alipayKey: RSASigningKey
    let appKey: RSASigningKey
    /// What the school's OpenID provider signs its ID tokens with (published at its `jwks_uri`).
    let schoolSignOnKey: RSASigningKey
    let alipayAppID = "2021000000000001"
    /// The merchant the sandbox's Alipay trades are paid to.
    let alipaySellerID = "2088000000000001"
    let weChatAppID = "wxsandbox00000001"
    let weChatSecret: String
    let schoolClientID = "campuscard"
    /// WeChat Pay: the merchant's key and serial (ours, as WeChat would know its public half),
    /// the platform's key and serial, and the APIv3 key both sides share.
    let weChatMchID = "1900000001"
    let weChatMerchantKey: RSASigningKey
    let weChatMerchantSerial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
    let weChatPlatformKey: RSASigningKey
    let weChatPlatformSerial = "PUB_KEY_ID_0114232134912410000000000000000"
    let weChatAPIv3Key: WeChatPayAPIv3Key
    /// Platform certificates issued since start (`issueWeChatPlatformCertificate`), newest last:
    /// the sandbox signs with the newest, as WeChat Pay does after a rotation; before any, with
    /// the public key. And how often they were downloaded.
    private let weChatCertificates = Mutex<[WeChatPlatformCertificate]>([])
    private let weChatCertificateDownloadCount = Mutex(0)

    struct WeChatPlatformCertificate: Sendable {
        var serial: String
        var key: RSASigningKey
        var pem: String
        var notBefore: Date
        var notAfter: Date
    }
    /// UnionPay's ACP gateway: its certificates and ours, and the bank's tokens.
    let unionPay: SandboxUnionPay
    let unionPayTokens: SandboxUnionPayTokens
    let schoolSecret: String
    /// Tencent Cloud's API key for FaceID (both halves: the sandbox checks what it signs), and
    /// the business flow it runs.
    let tencentSecretID = "AKIDsandbox00000000000000000000001"
    let tencentSecretKey: String
    let tencentHost = "faceid.tencentcloudapi.com"
    let tencentRuleID = "1"
    let faceChecks = SandboxFaceChecks()
    let codes = AuthCodeBook()
    let casTickets = SandboxGrants<SandboxCASServer.Ticket>()
    let openIDCodes = SandboxGrants<SandboxOpenIDProvider.Grant>()
    let trades: SandboxTrades
    /// Its keys and trades, kept across restarts when it has a folder (`campuscard sandbox`).
    let state: SandboxStateFolder
    /// Seconds before a paid trade's notification goes out: quick top-ups at once, custom ones
    /// after a minute or three, as the channel's settlement does (SPEC "Top-up").
    let quickNotificationDelay: ClosedRange<Double>
    let customNotificationDelay: ClosedRange<Double>
    /// How many copies of each notification are sent, each retried until answered `success`.
    let notificationCopies: Int
    let retryPauses: [Double]
    /// Where the routes are mounted; the channel access of a server using this sandbox points here.
    let basePath: String
    /// The fee both channels' bills charge the merchant (0.6%, the schools' default rate).
    let billFeeBasisPoints: Int64 = 60

    /// `stateDirectory`: where its keys and trades are kept across restarts; nil: in memory.
    public init(
        basePath: String = "/sandbox", stateDirectory: URL? = nil, quickNotificationDelay: ClosedRange<Double> = 0...2,
        customNotificationDelay: ClosedRange<Double> = 60...180,
        notificationCopies: Int = 2, retryPauses: [Double] = [15, 60, 240, 600]
    ) throws {
        self.quickNotificationDelay = quickNotificationDelay
        self.customNotificationDelay = customNotificationDelay
        self.notificationCopies = notificationCopies
        self.retryPauses = retryPauses
        state = try SandboxStateFolder(stateDirectory)
        trades = try SandboxTrades(file: state.file("trades.json"))
        alipayKey = try state.key("alipay")
        appKey = try state.key("app")
        schoolSignOnKey = try state.key("school-sign-on")
        weChatMerchantKey = try state.key("wechatpay-merchant")
        weChatPlatformKey = try state.key("wechatpay-platform")
        weChatAPIv3Key = try WeChatPayAPIv3Key(try state.secret("wechatpay-apiv3-key", length: 32))
        unionPay = try SandboxUnionPay(state: state)
        unionPayTokens = try SandboxUnionPayTokens(file: state.file("unionpay-tokens.json"))
        weChatSecret = try state.secret("wechat-app-secret", length: 32)
        schoolSecret = try state.secret("school-login-secret", length: 32)
        tencentSecretKey = try state.secret("tencent-faceid-secret-key", length: 32)
        self.basePath = basePath
    }

    /// How a server reaches this sandbox when it is mounted in the same application.
    public var channelAccess: ChannelAccess {
        ChannelAccess(
            alipay: .init(
                appID: alipayAppID, sellerID: alipaySellerID, appPrivateKey: appKey, alipayPublicKey: alipayKey.verifyingKey,
                gatewayURL: "\(basePath)/alipay/gateway.do", notifyURL: ChannelNotifyPath.alipay),
            wechat: .init(appID: weChatAppID, appSecret: weChatSecret, oauthURL: "\(basePath)/wechat"),
            schoolLogin: .init(
                clientID: schoolClientID, clientSecret: schoolSecret, baseURL: "\(basePath)/school"),
            weChatPay: .init(
                appID: weChatAppID, mchID: weChatMchID, merchantSerial: weChatMerchantSerial, merchantPrivateKey: weChatMerchantKey,
                apiV3Key: weChatAPIv3Key, platformKeys: [weChatPlatformSerial: weChatPlatformKey.verifyingKey],
                baseURL: "\(basePath)/wechat",
                notifyURL: ChannelNotifyPath.weChat),
            unionPay: unionPay.access(baseURL: "\(basePath)/unionpay", notifyURL: ChannelNotifyPath.bank, returnURL: "/"),
            pages: .init(
                authorize: Dictionary(
                    uniqueKeysWithValues: BindingChannel.allCases.map { ($0, "\(basePath)/\(SandboxRoutes.path(of: $0))/authorize") })),
            faceID: .init(
                secretID: tencentSecretID, secretKey: tencentSecretKey, ruleID: tencentRuleID, url: "\(basePath)/tencent/faceid",
                host: tencentHost))
    }

    var tencentSigner: TencentCloudSigner { TencentCloudSigner(secretID: tencentSecretID, secretKey: tencentSecretKey) }

    public func cashierPath(provider: PaymentProvider, orderNo: String) -> String {
        "\(basePath)/cashier/\(provider.rawValue)/\(orderNo)"
    }

    /// The sandbox's routes, and its notifications waited for when the application stops.
    public func mount(on app: Application) throws {
        try app.register(collection: SandboxRoutes(sandbox: self))
        try app.register(collection: SandboxWeChatPayRoutes(sandbox: self))
        try app.register(collection: SandboxUnionPayRoutes(sandbox: self))
        try app.register(collection: SandboxCashierPage(sandbox: self))
        try app.register(collection: SandboxConsentPages(sandbox: self))
        try app.register(collection: SandboxFaceRoutes(sandbox: self))
        try app.register(collection: SandboxCASServer(sandbox: self))
        try app.register(collection: SandboxOpenIDProvider(sandbox: self))
        let deliveries = SandboxDeliveries()
        app.sandboxDeliveries = deliveries
        app.lifecycle.use(deliveries)
    }

    var weChatPlatformSigner: WeChatPayPlatformSigner {
        guard let newest = weChatCertificates.withLock({ $0.last }) else {
            return WeChatPayPlatformSigner(serial: weChatPlatformSerial, platformPrivateKey: weChatPlatformKey)
        }
        return WeChatPayPlatformSigner(serial: newest.serial, platformPrivateKey: newest.key)
    }

    /// A new platform key and its certificate (valid five years from `now`), signed with from then on.
    @discardableResult
    public func issueWeChatPlatformCertificate(at now: Date) throws -> String {
        // Forty hex digits, the first below 8 so the DER integer needs no leading zero byte.
        let serial =
            String(Int.random(in: 1...7)) + (0..<39).map { _ in String(Int.random(in: 0..<16), radix: 16, uppercase: true) }.joined()
        let key = try RSASigningKey.generate()
        let (notBefore, notAfter) = (now.addingTimeInterval(-60), now.addingTimeInterval(5 * 365 * 86_400))
        let pem = try WeChatPayPlatformCertificates.issue(serial: serial, key: key, from: notBefore, to: notAfter)
        weChatCertificates.withLock {
            $0.append(WeChatPlatformCertificate(serial: serial, key: key, pem: pem, notBefore: notBefore, notAfter: notAfter))
        }
        return serial
    }

    /// `GET /v3/certificates`'s body: every certificate issued, encrypted with the APIv3 key.
    func weChatCertificatesDownloaded() throws -> String {
        weChatCertificateDownloadCount.withLock { $0 += 1 }
        return try WeChatPayPlatformCertificates.responseBody(
            weChatCertificates.withLock { $0 }.map { ($0.serial, $0.pem, $0.notBefore, $0.notAfter) }, apiV3Key: weChatAPIv3Key)
    }

    /// How many times a server downloaded the platform certificates.
    public var weChatCertificateDownloads: Int { weChatCertificateDownloadCount.withLock { $0 } }

    /// A trade as WeChat Pay describes it in callbacks and query answers.
    func weChatTransaction(_ trade: SandboxTrades.Trade, at now: Date) -> WeChatPayTransaction {
        WeChatPayTransaction(
            mchID: weChatMchID, appID: weChatAppID, outTradeNo: trade.outTradeNo, transactionID: trade.state == .paid ? trade.tradeNo : nil,
            tradeState: trade.weChatState, amount: .init(total: trade.totalFen, payerTotal: trade.totalFen, currency: "CNY"),
            payer: .init(openid: trade.payer), successTime: trade.paidAt.map(ChinaTime.rfc3339))
    }

    /// A callback signed as WeChat Pay would, for tests.
    public func signedWeChatCallbackForTests(_ transaction: WeChatPayTransaction, at date: Date) throws -> (
        headers: WeChatPaySignatureHeaders, body: String
    ) {
        try WeChatPayCallbackSigner(platformSigner: weChatPlatformSigner, apiV3Key: weChatAPIv3Key).signedCallback(
            for: transaction, id: "EV-1", at: date)
    }

    /// A notification signed with the sandbox UnionPay's certificate, form-encoded, for tests.
    public func signedUnionPayNotificationForTests(_ fields: [String: String]) throws -> String {
        FormURLEncoding.encode(try unionPay.signer.signedAnswer(fields))
    }

    /// Alipay's private key, for tests that sign notifications as Alipay would.
    public var alipayPrivateKeyForTests: RSASigningKey { alipayKey }
}

/// Authorization codes the sandbox handed out: each good once, for five minutes, as the
/// providers' are.
actor AuthCodeBook {
    private var issued: [String: (identity: ChannelIdentity, expires: Date)] = [:]

    /// Expired codes are dropped only once the book is large: servers with clocks of their own
    /// (the tests' stopped ones, days apart) may share one sandbox, and one's "now" is not
    /// another's; redeeming checks the expiry anyway.
    func issue(for identity: ChannelIdentity, at now: Date) -> String {
        if issued.count > 1_000 { issued = issued.filter { $0.value.expires > now } }
        let code = RandomNonce.make(length: 32)
        issued[code] = (identity, now.addingTimeInterval(300))
        return code
    }

    func redeem(_ code: String, channel: BindingChannel, at now: Date) -> String? {
        guard let entry = issued.removeValue(forKey: code), entry.identity.channel == channel, entry.expires > now else { return nil }
        return entry.identity.userID
    }
}

extension SandboxGateway {
    /// Makes the day's bill say another amount or fee of a trade, or list a refund of it, for
    /// tests of the bill check.
    public func alterBillForTests(orderNo: String, totalFen: Int64? = nil, feeFen: Int64? = nil, refundedFen: Int64? = nil) async {
        await trades.alterBill(orderNo, totalFen: totalFen, feeFen: feeFen, refundedFen: refundedFen)
    }

    /// A bill exists only for a day that is over in China (the channels make it the next morning).
    func billExists(_ day: String, at now: Date) -> Bool {
        guard let date = LocalDate(day) else { return false }
        return date < LocalDate(now, in: TimeZone(secondsFromGMT: 8 * 3600)!)
    }
}
