import CampusCardChannels
import CampusCardCore

/// What a UnionPay refusal code (ACP 5.1.0 appendix, 应答码) means to the cardholder.
enum UnionPayRefusals {
    static func failure(_ code: String) -> AutoDebitReason {
        switch code {
        // 64 卡上的余额不足
        case UnionPayResponseCode.insufficientFunds: .insufficientFunds
        // 63 卡状态不正确; 38 银联风险受限; 60 详情请咨询您的发卡行; 62 发卡银行不支持该商户; 78 发卡行交易权限受限
        case UnionPayResponseCode.cardStateWrong, "38", "60", "62", "78": .cardBlocked
        // 77 银行卡未开通认证支付; 72 尚未签约加办银联无卡支付业务
        case UnionPayResponseCode.noCardNotPresentPayment, "72": .onlinePaymentDisabled
        // 33 交易金额超限; 81 月累计交易笔数（金额）超限
        case UnionPayResponseCode.amountOverLimit, "81": .overBankLimit
        // 66 持卡人身份信息或手机号输入不正确; 61 输入的卡号无效
        case UnionPayResponseCode.holderInfoMismatch, "61": .infoMismatch
        // 71 动态口令或短信验证码校验失败
        case UnionPayResponseCode.wrongSMSCode: .wrongVerificationCode
        // 80 Token 已过期; 40 绑定关系检查失败
        case UnionPayResponseCode.tokenExpired, "40": .tokenInvalid
        default: .other
        }
    }

    /// The code a refused bank-card top-up is failed and shown under; refusals without a
    /// cardholder remedy of their own read as blocked by the bank (call the bank).
    static func topUpFailure(_ code: String) -> CardError.Code {
        switch failure(code) {
        case .insufficientFunds: .bankInsufficientFunds
        case .onlinePaymentDisabled: .bankOnlinePaymentDisabled
        case .overBankLimit: .bankLimitExceeded
        // (our own limits are never a bank's code)
        case .cardBlocked, .infoMismatch, .wrongVerificationCode, .tokenInvalid, .other, .topUpLimit, .cardStopped: .bankBlocked
        }
    }
}
