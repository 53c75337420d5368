/// Why an auto-debit did not go through, in the cardholder's words (SPEC "银行拒绝交易"): the
/// bank's refusals, which `UnionPayRefusals` reads from its codes, and our own limits.
public enum AutoDebitReason: String, Sendable, Equatable, CaseIterable {
    case insufficientFunds = "insufficient_funds"
    case cardBlocked = "card_blocked"
    case onlinePaymentDisabled = "online_payment_disabled"
    case overBankLimit = "over_bank_limit"
    /// Name, ID number or phone do not match the bank's (信息不匹配).
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

    public var en: String {
        switch self {
        case .insufficientFunds: "insufficient funds on the bank card"
        case .cardBlocked: "the bank card is blocked or reported lost"
        case .onlinePaymentDisabled: "online payment is not enabled for the bank card"
        case .overBankLimit: "over the bank card's payment limit"
        case .infoMismatch: "the bank card's details do not match"
        case .wrongVerificationCode: "wrong SMS code"
        case .tokenInvalid: "the bank's authorization ended; sign again"
        case .other: "the bank refused"
        case .topUpLimit: "the top-up limit (single or daily) is reached"
        case .cardStopped: "the campus card is reported lost or frozen"
        }
    }
}
