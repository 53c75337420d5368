import CampusCardCore
import CampusCardServices
import CampusCardStore
import Vapor

struct TopUpRequestDTO: Content {
    /// "quick" or "custom".
    var kind: String
    /// Yuan, as text: "50", "12.30".
    var amount: String
    /// The page's id for this tap on "pay": a retry returns the same order.
    var request_id: String
    /// The school app offers "wechat_pay" (default) and "unionpay" (a bank card).
    var pays_with: String?
}

struct PresetDTO: Content {
    var amount: String
    var fee: String
    var payable: String
}

/// Everything shown before paying: presets with their fees, the custom range, today's limit.
struct TopUpOptionsDTO: Content {
    var presets: [PresetDTO]
    var fee_rule: String
    var custom_minimum: String
    var custom_maximum: String
    var custom_multiple: String?
    var single_limit: String
    var daily_limit: String
    var left_today: String
    var pays_with: [String]
    var refund_notice_zh: String
    var refund_notice_en: String

    init(_ options: TopUpService.Options) {
        let settings = options.settings
        presets = options.presets.map { PresetDTO(amount: $0.amount.yuanString, fee: $0.fee.yuanString, payable: $0.payable.yuanString) }
        fee_rule = options.feeRule
        custom_minimum = settings.customTopUpMinimum.yuanString
        custom_maximum = settings.customTopUpMaximum.yuanString
        custom_multiple = settings.customTopUpMultiple?.yuanString
        single_limit = settings.singleTopUpLimit.yuanString
        daily_limit = settings.dailyTopUpLimit.yuanString
        left_today = options.leftToday.yuanString
        pays_with = options.paysWith.map(\.rawValue)
        refund_notice_zh = CardError.refundNoticeZH
        refund_notice_en = CardError.refundNoticeEN
    }
}

struct TopUpOrderDTO: Content {
    var order_no: String
    var status: String
    var kind: String
    var amount: String
    var fee: String
    var payable: String
    /// What the service center refunded of it in cash.
    var refunded: String
    var pays_with: String
    var failure_reason: String?
    /// When a bank refused: its own code and what to do, in Chinese and English.
    var failure: CardErrorDTO?
    var created_at: Date
    var expires_at: Date
    /// Minutes after payment the money should be on the card.
    var arrival_minutes_min: Int
    var arrival_minutes_max: Int
    /// What the page passes to the channel's cashier (Alipay: `trade_no`).
    var pay: [String: String]?
    var refund_notice_zh: String

    init(_ order: TopUpOrder, school: SchoolRecord, pay: [String: String]? = nil) {
        order_no = order.orderNo
        status = order.status.rawValue
        kind = order.kind.rawValue
        amount = order.amount.yuanString
        fee = order.fee.yuanString
        payable = order.payable.yuanString
        refunded = order.refunded.yuanString
        pays_with = order.provider.rawValue
        failure_reason = order.failureReason
        failure = order.failureReason.flatMap(CardError.Code.init(rawValue:)).flatMap(CardError.bankRefusal).map(CardErrorDTO.init)
        created_at = order.createdAt
        expires_at = order.expiresAt
        let arrival = TopUpQuote.arrivalMinutes(order.kind, at: order.createdAt, timeZone: school.timeZone, settings: school.settings)
        arrival_minutes_min = arrival.lowerBound
        arrival_minutes_max = arrival.upperBound
        self.pay = pay
        refund_notice_zh = CardError.refundNoticeZH
    }
}
