import Foundation

/// Top-up refusals (SPEC "Top-up"): each names the rule, the figures and what is possible.
extension CardError {
    public static func topUpAmountNotOffered(_ amount: Money, settings: SchoolSettings) -> CardError {
        let presets = settings.quickTopUpPresets.map(\.yuanString).joined(separator: "/")
        let multiple = settings.customTopUpMultiple.map { "，且为\($0.yuanString)元的整数倍" } ?? ""
        let multipleEN = settings.customTopUpMultiple.map { ", in multiples of ¥\($0.yuanString)" } ?? ""
        let range = "\(settings.customTopUpMinimum.yuanString)–\(settings.customTopUpMaximum.yuanString)"
        return CardError(
            .topUpAmountNotOffered,
            zh: "充值金额¥\(amount.yuanString)不可用：快速充值可选\(presets)元；自定义金额为\(range)元\(multiple)。",
            en: "¥\(amount.yuanString) cannot be topped up: quick top-up offers ¥\(presets); a custom amount is ¥\(range)\(multipleEN).",
            details: ["amount": amount.yuanString, "presets": presets, "custom_range": range])
    }

    public static func topUpSingleLimit(_ limit: Money) -> CardError {
        CardError(
            .topUpSingleLimit,
            zh: "单笔充值不能超过\(limit.yuanString)元，请分笔充值。",
            en: "One top-up is at most ¥\(limit.yuanString); split it into several.",
            details: ["limit": limit.yuanString])
    }

    public static func topUpDailyLimit(limit: Money, left: Money, resetsAt: Date, timeZone: TimeZone) -> CardError {
        let reset = localMinute(resetsAt, timeZone)
        return CardError(
            .topUpDailyLimit,
            zh: "已达每日充值限额\(limit.yuanString)元：今天还可充值\(left.yuanString)元，额度于 \(reset) 恢复。",
            en: "The daily top-up limit of ¥\(limit.yuanString) would be passed: ¥\(left.yuanString) is left today; it resets at \(reset).",
            details: ["limit": limit.yuanString, "left_today": left.yuanString, "resets_at_local": reset])
    }

    /// A refund names a top-up of this card's cardholder: an order number that is none of theirs
    /// (another cardholder's, or none at all) is not found, and said back without its control characters.
    public static func refundOrderUnknown(_ orderNo: String) -> CardError {
        let shown = String(String.UnicodeScalarView(orderNo.unicodeScalars.filter { $0.properties.generalCategory != .control }).prefix(64))
        return CardError(
            .notFound,
            zh: "此持卡人没有订单号为 \(shown) 的充值，请从其已入账的充值中选择。",
            en: "This cardholder has no top-up numbered \(shown). Choose one of their credited top-ups.",
            details: ["what": "top-up order", "order_no": shown])
    }

    /// Only money that reached the card can be refunded from it.
    public static func refundNotCredited(orderNo: String, status: String) -> CardError {
        CardError(
            .refundNotCredited,
            zh: "订单 \(orderNo.prefix(64)) 未入账（状态：\(status)），不能办理误充退款。请从该持卡人已入账的充值中选择。",
            en:
                "Order \(orderNo.prefix(64)) was never credited (it is \(status)), so there is nothing of it to refund. Choose one of the cardholder's credited top-ups.",
            details: ["order_no": String(orderNo.prefix(64)), "status": status])
    }

    /// A refund takes at most what of its top-up is not refunded yet.
    public static func refundExceedsTopUp(orderNo: String, topUp: Money, left: Money, asked: Money) -> CardError {
        CardError(
            .refundExceedsTopUp,
            zh: "订单 \(orderNo.prefix(64)) 充值\(topUp.yuanString)元，尚可退\(left.yuanString)元，不能退\(asked.yuanString)元。",
            en:
                "Order \(orderNo.prefix(64)) topped up ¥\(topUp.yuanString); ¥\(left.yuanString) of it is left to refund, not ¥\(asked.yuanString).",
            details: [
                "order_no": String(orderNo.prefix(64)), "top_up": topUp.yuanString, "left_to_refund": left.yuanString,
                "asked": asked.yuanString,
            ])
    }

    /// The channel's trade bill could not be had or was refused (not made yet, its hash or
    /// content wrong): nothing was written; the upkeep tries again.
    public static func billUnavailable(_ provider: PaymentProvider, day: LocalDate, reason: String) -> CardError {
        CardError(
            .billUnavailable,
            zh: "\(provider.chineseName) \(day) 的对账单无法下载或内容有误（\(reason)），未作任何改动，请稍后重试。",
            en:
                "\(provider.englishName)'s bill of \(day) could not be downloaded or is not valid (\(reason)); nothing was changed. Try again later.",
            details: ["provider": provider.rawValue, "day": day.description, "reason": reason])
    }

    public static func billCheckRunning(_ provider: PaymentProvider, day: LocalDate) -> CardError {
        CardError(
            .billCheckRunning,
            zh: "\(provider.chineseName) \(day) 的对账单正在核对中，请稍后刷新查看结果。",
            en: "\(provider.englishName)'s bill of \(day) is being checked right now; reload later for the outcome.",
            details: ["provider": provider.rawValue, "day": day.description])
    }

    public static func paymentChannelUnavailable(_ provider: PaymentProvider) -> CardError {
        CardError(
            .paymentChannelUnavailable,
            zh: "暂时无法通过\(provider.chineseName)充值，本次未扣款，请稍后重试或换用其他方式。",
            en:
                "Top-up through \(provider.englishName) is not available right now; nothing was charged. Try again later or use another way.",
            details: ["provider": provider.rawValue])
    }

    public static func underMaintenance(until: Date, reason: String, timeZone: TimeZone) -> CardError {
        let end = localMinute(until, timeZone)
        return CardError(
            .underMaintenance,
            zh: "系统维护中（\(reason)），充值与绑定暂停，预计 \(end) 恢复，请届时再试。",
            en: "Under maintenance (\(reason)): top-up and binding are paused until \(end). Try again then.",
            details: ["until": ISO8601DateFormatter().string(from: until), "until_local": end, "reason": reason])
    }

    /// 银行拒绝交易, told apart: what the bank said and what the cardholder can do about it.
    public static let bankOnlinePaymentDisabled = CardError(
        .bankOnlinePaymentDisabled,
        zh: "银行拒绝交易：该银行卡未开通网上支付。请在手机银行或柜台开通后再试，或换一张卡。",
        en: "The bank refused: this card has no online payment enabled. Enable it in your bank's app or branch, or use another card.")
    public static let bankLimitExceeded = CardError(
        .bankLimitExceeded,
        zh: "银行拒绝交易：超过银行卡的网上支付限额。请减少金额，或在手机银行调整限额后再试。",
        en: "The bank refused: the amount is over the card's online payment limit. Pay less, or raise the limit with your bank.")
    public static let bankInsufficientFunds = CardError(
        .bankInsufficientFunds,
        zh: "银行拒绝交易：银行卡余额不足。请存入资金后再试，或换一张卡。",
        en: "The bank refused: not enough money on the bank card. Add funds or use another card.")
    public static let bankBlocked = CardError(
        .bankBlocked,
        zh: "银行拒绝交易：交易被银行拦截。请致电银行客服（卡背面电话）了解原因。",
        en: "The bank refused: it blocked the payment. Call your bank (the number on the back of the card) to find out why.")

    /// Shown wherever a top-up is offered (SPEC rule 2: 不支持原路退回).
    public static let refundNoticeZH = "充值成功后不支持原路退回；误充请本人携带校园卡到校园卡服务中心办理退款。"
    public static let refundNoticeEN =
        "A top-up cannot be refunded back through the channel; for a mistaken top-up, bring your campus card to the service center."
}

extension CardError {
    /// The refusal a bank code stands for, if it is one.
    public static func bankRefusal(_ code: Code) -> CardError? {
        [bankOnlinePaymentDisabled, bankLimitExceeded, bankInsufficientFunds, bankBlocked].first { $0.code == code }
    }
}
