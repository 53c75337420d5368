import Foundation

/// The inbox's words for what happened to an auto top-up (SPEC: never a surprise): each says when
/// and how much, in the school's local time.
public enum AutoTopUpNotice {
    public static func done(amount: Money, balance: Money?, cardLastFour: String, at: Date, timeZone: TimeZone)
        -> (title: String, body: String)
    {
        let after = balance.map { "，当前余额¥\($0.yuanString)" } ?? ""
        return (
            "自动充值成功",
            "\(CardError.localMinute(at, timeZone)) 已从尾号\(cardLastFour)的银行卡代扣¥\(amount.yuanString)充入校园卡\(after)。"
        )
    }

    public static func failed(amount: Money, reason: AutoDebitReason, retryAt: Date?, at: Date, timeZone: TimeZone) -> (
        title: String, body: String
    ) {
        let next = retryAt.map { "系统将于 \(CardError.localMinute($0, timeZone)) 再试。" } ?? ""
        return ("自动充值失败", "\(CardError.localMinute(at, timeZone)) 代扣¥\(amount.yuanString)未成功：\(reason.zh)。\(next)")
    }

    public static func paused(failures: Int, amount: Money, at: Date, timeZone: TimeZone) -> (title: String, body: String) {
        (
            "自动充值已暂停",
            "\(CardError.localMinute(at, timeZone)) 代扣¥\(amount.yuanString)已连续\(failures)次失败，自动充值已暂停。请检查银行卡后在“自动充值”页面恢复。"
        )
    }

    public static func expiring(on expiry: Date, timeZone: TimeZone) -> (title: String, body: String) {
        ("自动充值协议即将到期", "您的自动充值协议将于 \(CardError.localMinute(expiry, timeZone)) 到期，到期后不再代扣，请届时重新签约。")
    }

    public static func expired(at: Date, timeZone: TimeZone) -> (title: String, body: String) {
        ("自动充值协议已到期", "您的自动充值协议已于 \(CardError.localMinute(at, timeZone)) 到期，不再自动代扣。如需继续使用，请重新签约。")
    }

    public static func refunded(amount: Money, orderNo: String, succeeded: Bool, at: Date, timeZone: TimeZone) -> (
        title: String, body: String
    ) {
        succeeded
            ? ("自动充值已退款", "\(CardError.localMinute(at, timeZone)) 代扣订单 \(orderNo) 的¥\(amount.yuanString)已原路退回银行卡。")
            : ("自动充值退款未成功", "\(CardError.localMinute(at, timeZone)) 代扣订单 \(orderNo) 的退款¥\(amount.yuanString)被银行拒绝，款项已退回校园卡余额。")
    }
}

/// Why an auto-debit did not go through, in our words: the bank's refusals and our own limits.
public enum AutoDebitReason: String, Sendable, Equatable, CaseIterable {
    case insufficientFunds = "insufficient_funds"
    case cardBlocked = "card_blocked"
    case onlinePaymentDisabled = "online_payment_disabled"
    case overBankLimit = "over_bank_limit"
    case infoMismatch = "info_mismatch"
    case wrongVerificationCode = "wrong_verification_code"
    case tokenInvalid = "token_invalid"
    case other
    /// Our own single or daily top-up limit (SPEC: every top-up, all kinds together).
    case topUpLimit = "top_up_limit"
    /// The card is lost or frozen: it takes no top-up.
    case cardStopped = "card_stopped"

    public var zh: String {
        switch self {
        case .insufficientFunds: "银行卡余额不足"
        case .cardBlocked: "银行卡已冻结或挂失"
        case .onlinePaymentDisabled: "银行卡未开通在线支付"
        case .overBankLimit: "超过银行卡支付限额"
        case .infoMismatch: "银行卡信息不匹配"
        case .wrongVerificationCode: "短信验证码错误"
        case .tokenInvalid: "银行卡授权已失效，请重新签约"
        case .other: "银行拒绝交易"
        case .topUpLimit: "已达充值限额（单笔或每日）"
        case .cardStopped: "校园卡已挂失或冻结"
        }
    }
}
