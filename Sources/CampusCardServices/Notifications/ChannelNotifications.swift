import CampusCardChannels
import CampusCardCore
import CampusCardStore
import Foundation

/// Where the channels tell us a trade was paid. Nothing here trusts the caller: the signature is
/// checked with the channel's key, then the app and merchant ids, the order and its amount; a
/// paid order is credited once (a duplicate answers as the first did). Every message is logged
/// with what became of it. The server answers each channel in its own words.
public struct ChannelNotifications: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    public enum Outcome: Sendable, Equatable {
        /// Credited, a duplicate of a credited one, or news that needs nothing: the channel may stop.
        case taken
        /// The signature, ids or fields did not hold: nothing was done.
        case unverified
        /// Verified, but the order or amount did not match: nothing was done.
        case refused
        /// This deployment has no such channel configured.
        case notConfigured
    }

    /// Alipay's `trade_status_sync`, an RSA2-signed form.
    public func alipay(formBody: String) async throws -> Outcome {
        guard let access = context.channels?.alipay else { return .notConfigured }
        let notification: AlipayTradeNotification
        do {
            notification = try AlipayNotificationVerifier(
                appID: access.appID, sellerID: access.sellerID, alipayPublicKey: access.alipayPublicKey
            )
            .verify(formBody: formBody)
        } catch {
            try await log(.alipay, nil, .refused, "not verified: \(error)")
            return .unverified
        }
        guard notification.tradeStatus.isPaid else {
            try await log(.alipay, notification.outTradeNo, .ignored, notification.tradeStatus.rawValue)
            return .taken
        }
        return try await credit(
            PaymentNotice(
                provider: .alipay, orderNo: notification.outTradeNo, channelTradeNo: notification.tradeNo,
                paidTotal: Money(fen: notification.totalFen)))
    }

    /// WeChat Pay's callback: headers signed over timestamp, nonce and body with the platform key
    /// (stale timestamps refused), the resource decrypted with the APIv3 key, then our merchant
    /// and app ids, the order and its amount.
    public func weChat(header: (String) -> String?, body: String) async throws -> Outcome {
        guard let access = context.channels?.weChatPay else { return .notConfigured }
        let transaction: WeChatPayTransaction
        do {
            let headers = try WeChatPaySignatureHeaders(header: header)
            let keys = await WeChatPayments(access: access, transport: context.transport).platformKeys(
                toCheck: headers.serial, at: context.now)
            transaction = try WeChatPayCallbackVerifier(platformKeys: keys, apiV3Key: access.apiV3Key)
                .verify(headers, body: body, now: context.now).transaction
            guard transaction.mchID == access.mchID, transaction.appID == access.appID else { throw ChannelError.malformedField("mchid") }
        } catch {
            try await log(.wechatPay, nil, .refused, "not verified: \(error)")
            return .unverified
        }
        guard transaction.tradeState == .success else {
            try await log(.wechatPay, transaction.outTradeNo, .ignored, transaction.tradeState.rawValue)
            return .taken
        }
        return try await credit(
            PaymentNotice(
                provider: .wechatPay, orderNo: transaction.outTradeNo, channelTradeNo: transaction.transactionID,
                paidTotal: Money(fen: transaction.amount.total)))
    }

    /// UnionPay's notification of a consume (a bank-card top-up or an auto-debit): verified
    /// against UnionPay's root, about our merchant id; paid (credited once), still processing
    /// (nothing yet: the query or the next notification settles it), or refused, which fails the
    /// order with the bank's reason and gives the day's limit back. Refund notifications are
    /// taken: refunds are tracked by query.
    public func unionPay(formBody: String) async throws -> Outcome {
        guard let access = context.channels?.unionPay else { return .notConfigured }
        let fields: [String: String]
        do {
            fields = try await access.verifier.verified(FormURLEncoding.decode(formBody), now: context.now)
            guard fields["merId"] == access.merchantID, let orderNo = fields["orderId"], !orderNo.isEmpty, fields["respCode"] != nil else {
                throw ChannelError.malformedField("merId, orderId or respCode")
            }
        } catch {
            try await log(.unionPay, nil, .refused, "not verified: \(error)")
            return .unverified
        }
        let orderNo = fields["orderId"] ?? ""
        let code = fields["respCode"] ?? ""
        if fields["bizType"] == UnionPayAutoDebit.bizType, let outcome = try await autoDebit(fields, orderNo: orderNo, code: code) {
            return outcome
        }
        guard fields["txnType"] == "01" else {
            try await log(.unionPay, orderNo, .ignored, "txnType \(fields["txnType"] ?? ""): \(code)")
            return .taken
        }
        if code == UnionPayResponseCode.success {
            guard let notice = try? UnionPayGateway.notice(fields, orderNo: orderNo) else {
                try await log(.unionPay, orderNo, .refused, "no txnAmt")
                return .refused
            }
            return try await credit(notice)
        }
        if UnionPayResponseCode.isProcessing(code) {
            try await log(.unionPay, orderNo, .ignored, "processing: \(code)")
            return .taken
        }
        let orders = TopUpOrders(context.store)
        guard let order = try await orders.order(number: orderNo), order.provider == .unionPay else {
            try await log(.unionPay, orderNo, .refused, "unknown order")
            return .refused
        }
        try await orders.fail(order, reason: UnionPayRefusals.topUpFailure(code).rawValue, at: context.now)
        try await log(.unionPay, orderNo, .ignored, "bank refused: \(code)")
        return .taken
    }

    /// An auto top-up debit's or its refund's result: settled by auto top-up's own flow (which
    /// credits a debit through the same crediting path), once however often the bank sends it.
    /// Nil for a token payment of another order, which is credited as any bank-card payment.
    private func autoDebit(_ fields: [String: String], orderNo: String, code: String) async throws -> Outcome? {
        var debited: TopUpOrder?
        if fields["txnType"] == "01" {
            guard let order = try await TopUpOrders(context.store).order(number: orderNo), order.kind == .auto else { return nil }
            debited = order
        }
        guard let outcome = try? UnionPayAutoDebit.outcome(reported: fields, orderNo: orderNo) else {
            try await log(.unionPay, orderNo, .refused, "no txnAmt")
            return .refused
        }
        do {
            let settlement = AutoDebitSettlement(context)
            switch (fields["txnType"], debited) {
            case ("01", let order?): try await settlement.debit(order, outcome: outcome)
            case ("04", _): try await settlement.refund(refundNo: orderNo, outcome: outcome)
            default:
                try await log(.unionPay, orderNo, .ignored, "token txnType \(fields["txnType"] ?? ""): \(code)")
                return .taken
            }
        } catch is PaymentNoticeRefusal {
            try await log(.unionPay, orderNo, .refused, "unknown auto-debit")
            return .refused
        }
        return .taken
    }

    /// Credits and logs (in the credit's own transaction); refused when the notice does not match its order.
    private func credit(_ notice: PaymentNotice) async throws -> Outcome {
        do {
            _ = try await TopUpCrediting(context.store, batcher: context.creditBatcher).credit(
                notice, at: context.now, logging: notice.paidTotal.yuanString)
            return .taken
        } catch let refusal as PaymentNoticeRefusal {
            try await log(notice.provider, notice.orderNo, .refused, "\(refusal)")
            return .refused
        }
    }

    private func log(_ provider: PaymentProvider, _ orderNo: String?, _ outcome: ChannelNotificationLog.Outcome, _ detail: String)
        async throws
    {
        try await ChannelNotificationLog(context.store.sql).record(
            provider, orderNo: orderNo, outcome: outcome, detail: detail, at: context.now)
    }
}
