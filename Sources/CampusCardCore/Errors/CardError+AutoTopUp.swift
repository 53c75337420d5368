import Foundation

/// Auto top-up refusals (SPEC "Top-up", auto): each names the rule and what is possible.
extension CardError {
    /// A cardholder's threshold or amount outside what the school offers.
    public static func autoTopUpOutOfBounds(settings: SchoolSettings) -> CardError {
        let threshold = settings.autoTopUpMaxThreshold.yuanString
        let amount = "\(AutoTopUpTerms.minimumAmount.yuanString)–\(min(settings.autoTopUpMaxAmount, settings.singleTopUpLimit).yuanString)"
        return CardError(
            .autoTopUpOutOfBounds,
            zh: "触发余额应大于0且不超过\(threshold)元，代扣金额应为\(amount)元。",
            en: "The threshold must be above zero and at most ¥\(threshold); the amount ¥\(amount).",
            details: ["max_threshold": threshold, "amount_range": amount])
    }

    /// The agreement is not where the action needs it; `state` says where it is.
    public static func autoTopUpAgreementState(_ state: String, zh: String, en: String) -> CardError {
        CardError(.autoTopUpAgreementState, zh: zh, en: en, details: ["state": state])
    }

    public static let autoTopUpNone = autoTopUpAgreementState(
        "none", zh: "您尚未开通自动充值，请先开通。", en: "You have no auto top-up agreement; open one first.")

    /// Past the window: the rule and the day it ended.
    public static func autoTopUpRefundWindowClosed(orderNo: String, lastDay: LocalDate, deadlineDay: Int) -> CardError {
        CardError(
            .autoTopUpRefundWindowClosed,
            zh: "自动充值代扣可在次月\(deadlineDay)日前（含）申请退款；订单 \(orderNo.prefix(64)) 的退款期限已于 \(lastDay) 结束。",
            en:
                "An auto-debit can be refunded until the \(deadlineDay)th of the next month; for order \(orderNo.prefix(64)) that ended on \(lastDay).",
            details: ["order_no": String(orderNo.prefix(64)), "last_day": lastDay.description])
    }
}
