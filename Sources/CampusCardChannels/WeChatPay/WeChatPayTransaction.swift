/// A transaction as WeChat Pay describes it in a decrypted callback or an order query.
///
/// Fields that only exist once paid (`transaction_id`, `payer`, `success_time`) are optional,
/// because queries of unpaid orders omit them.
public struct WeChatPayTransaction: Sendable, Equatable, Codable {
    public struct Amount: Sendable, Equatable, Codable {
        /// Order total in fen.
        public let total: Int64
        /// What the payer paid in fen, after coupons.
        public let payerTotal: Int64?
        public let currency: String?

        public init(total: Int64, payerTotal: Int64?, currency: String?) {
            self.total = total
            self.payerTotal = payerTotal
            self.currency = currency
        }

        enum CodingKeys: String, CodingKey {
            case total, currency
            case payerTotal = "payer_total"
        }
    }

    public struct Payer: Sendable, Equatable, Codable {
        public let openid: String?

        public init(openid: String?) {
            self.openid = openid
        }
    }

    public let mchID: String
    public let appID: String
    public let outTradeNo: String
    /// WeChat Pay's own transaction id.
    public let transactionID: String?
    public let tradeState: WeChatPayTradeState
    public let amount: Amount
    public let payer: Payer?
    /// RFC 3339 with offset, e.g. "2024-05-01T08:30:00+08:00", kept as sent.
    public let successTime: String?

    public init(
        mchID: String, appID: String, outTradeNo: String, transactionID: String?,
        tradeState: WeChatPayTradeState, amount: Amount, payer: Payer?, successTime: String?
    ) {
        self.mchID = mchID
        self.appID = appID
        self.outTradeNo = outTradeNo
        self.transactionID = transactionID
        self.tradeState = tradeState
        self.amount = amount
        self.payer = payer
        self.successTime = successTime
    }

    enum CodingKeys: String, CodingKey {
        case amount, payer
        case mchID = "mchid"
        case appID = "appid"
        case outTradeNo = "out_trade_no"
        case transactionID = "transaction_id"
        case tradeState = "trade_state"
        case successTime = "success_time"
    }
}
