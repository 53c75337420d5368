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
