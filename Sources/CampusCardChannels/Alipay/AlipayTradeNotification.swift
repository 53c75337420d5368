import Foundation

/// A verified `trade_status_sync` notification, the fields the server acts on.
public struct AlipayTradeNotification: Sendable, Equatable {
    public let appID: String
    public let outTradeNo: String
    /// Alipay's own trade number.
    public let tradeNo: String
    public let tradeStatus: AlipayTradeStatus
    /// `total_amount` exactly as sent (yuan), for logs and disputes.
    public let totalAmount: String
    /// `total_amount` in fen, parsed exactly.
    public let totalFen: Int64
    /// Stays valid until we answer `success`; the same id comes back on every retry.
    public let notifyID: String
    public let notifyTime: String?
    public let gmtPayment: String?
    public let buyerID: String?
    public let sellerID: String?

    /// A notification as the sandbox gateway sends it; times are written in China time.
    public init(
        appID: String, outTradeNo: String, tradeNo: String, tradeStatus: AlipayTradeStatus,
        totalFen: Int64, notifyID: String, notifyTime: Date, gmtPayment: Date?,
        buyerID: String?, sellerID: String?
    ) {
        self.appID = appID
        self.outTradeNo = outTradeNo
        self.tradeNo = tradeNo
        self.tradeStatus = tradeStatus
        self.totalAmount = YuanAmount.yuan(fromFen: totalFen)
        self.totalFen = totalFen
        self.notifyID = notifyID
        self.notifyTime = ChinaTime.alipayTimestamp(notifyTime)
        self.gmtPayment = gmtPayment.map(ChinaTime.alipayTimestamp)
        self.buyerID = buyerID
        self.sellerID = sellerID
    }

    init(parameters: [String: String]) throws {
        func required(_ name: String) throws -> String {
            guard let value = parameters[name], !value.isEmpty else {
                throw ChannelError.missingField(name)
            }
            return value
        }
        func optional(_ name: String) -> String? {
            parameters[name].flatMap { $0.isEmpty ? nil : $0 }
        }
        let status = try required("trade_status")
        guard let tradeStatus = AlipayTradeStatus(rawValue: status) else {
            throw ChannelError.malformedField("trade_status")
        }
        appID = try required("app_id")
        outTradeNo = try required("out_trade_no")
        tradeNo = try required("trade_no")
        self.tradeStatus = tradeStatus
        totalAmount = try required("total_amount")
        totalFen = try YuanAmount.fen(fromYuan: totalAmount)
        notifyID = try required("notify_id")
        notifyTime = optional("notify_time")
        gmtPayment = optional("gmt_payment")
        buyerID = optional("buyer_id")
        sellerID = optional("seller_id")
    }

    /// The notification's form fields before signing, as Alipay posts them.
    public var formParameters: [String: String] {
        var parameters = [
            "app_id": appID,
            "out_trade_no": outTradeNo,
            "trade_no": tradeNo,
            "trade_status": tradeStatus.rawValue,
            "total_amount": totalAmount,
            "notify_id": notifyID,
            "notify_type": "trade_status_sync",
            "charset": "utf-8",
            "version": "1.0",
        ]
        parameters["notify_time"] = notifyTime
        parameters["gmt_payment"] = gmtPayment
        parameters["buyer_id"] = buyerID
        parameters["seller_id"] = sellerID
        return parameters
    }
}
