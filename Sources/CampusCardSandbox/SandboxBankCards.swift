import CampusCardChannels

/// The sandbox bank's test cards (docs/PROTOCOLS.md), told apart by their last digit: each
/// answers every transaction the way one kind of real card does.
enum SandboxBankCard: Character, CaseIterable {
    /// Pays.
    case funds = "1"
    /// 77: no card-not-present (online) payment enabled.
    case noOnlinePayment = "2"
    /// 33: over the bank's limit.
    case overLimit = "3"
    /// 64: insufficient funds.
    case insufficientFunds = "4"
    /// 63: blocked by the bank.
    case blocked = "5"
    /// Answers 03, then 05 to the first query, then pays.
    case slow = "6"
    /// 66: the holder's name, ID number or phone is not the bank's (refused at opening).
    case mismatch = "7"

    init?(number: String) {
        guard number.count >= 12, number.count <= 19, number.allSatisfy(\.isNumber), let last = number.last else { return nil }
        self.init(rawValue: last)
    }

    var number: String { "622200000000000" + String(rawValue) }

    /// What the bank answers a payment from this card: 00, a refusal, or 03 (still processing).
    var paymentCode: String {
        switch self {
        case .funds, .mismatch: UnionPayResponseCode.success
        case .noOnlinePayment: UnionPayResponseCode.noCardNotPresentPayment
        case .overLimit: UnionPayResponseCode.amountOverLimit
        case .insufficientFunds: UnionPayResponseCode.insufficientFunds
        case .blocked: UnionPayResponseCode.cardStateWrong
        case .slow: "03"
        }
    }

    var label: String {
        switch self {
        case .funds: "可用 pays"
        case .noOnlinePayment: "未开通网上支付 no online payment"
        case .overLimit: "超过银行限额 over the limit"
        case .insufficientFunds: "余额不足 insufficient funds"
        case .blocked: "被银行拦截 blocked"
        case .slow: "处理中，稍后成功 processing, then pays"
        case .mismatch: "信息不匹配（开通时）info mismatch (at opening)"
        }
    }
}
