import CampusCardCore
import CampusCardServices
import CampusCardStore
import Vapor

struct AutoTopUpOpeningRequestDTO: Content {
    var card_number: String
    var holder_name: String
    /// Goes to the bank only; never stored or echoed.
    var id_number: String
    var phone: String
}

struct AutoTopUpOpeningDTO: Content {
    var opening_no: String
    var masked_phone: String
}

struct AutoTopUpVerificationDTO: Content {
    var sms_code: String
}

struct AutoTopUpTermsDTO: Content {
    /// Yuan, as text.
    var threshold: String
    var amount: String
}

struct AutoTopUpSignatureDTO: Content {
    var threshold: String
    var amount: String
    var payment_password: String
    var face_certification_id: String
}

struct AutoTopUpDebitDTO: Content {
    var order_no: String
    var status: String
    var amount: String
    var bank_code: String?
    var reason: String?
    var reason_zh: String?
    var at: Date
    /// The refund window's last day (school local), once the debit reached the card.
    var refund_last_day: String?
    var refundable: Bool
}

struct AutoTopUpRefundDTO: Content {
    var refund_no: String
    var order_no: String
    var amount: String
    var status: String
    var requested_by: String
    var at: Date

    init(_ refund: AutoTopUpRefunds.Refund) {
        (refund_no, order_no, amount, status, requested_by, at) = (
            refund.refundNo, refund.orderNo, refund.amount.yuanString, refund.status.rawValue, refund.requestedBy, refund.at
        )
    }
}

struct AutoTopUpChangeDTO: Content {
    var action: String
    var actor: String
    var detail: String
    var at: Date
}

/// The cardholder's auto top-up: the agreement (none: never opened), its debits and refunds,
/// every change to it, and the school's bounds for threshold and amount.
struct AutoTopUpDTO: Content {
    struct Agreement: Content {
        var status: String
        var threshold: String
        var amount: String
        var card_last_four: String
        var failures: Int
        var next_attempt_at: Date?
        var signed_at: Date?
        var expires_at: Date?
    }

    var offered: Bool
    var agreement: Agreement?
    var debits: [AutoTopUpDebitDTO]
    var refunds: [AutoTopUpRefundDTO]
    var changes: [AutoTopUpChangeDTO]
    var default_threshold: String
    var default_amount: String
    var max_threshold: String
    var min_amount: String
    var max_amount: String
    var refund_deadline_day: Int
    var renewal_month: Int

    init(_ overview: AutoTopUpService.Overview) {
        let settings = overview.settings
        offered = overview.offered
        agreement = overview.agreement.map {
            Agreement(
                status: $0.status.rawValue, threshold: $0.threshold.yuanString, amount: $0.amount.yuanString,
                card_last_four: $0.cardLastFour,
                failures: $0.failures, next_attempt_at: $0.nextAttemptAt, signed_at: $0.signedAt, expires_at: $0.expiresAt)
        }
        debits = overview.debits.map {
            AutoTopUpDebitDTO(
                order_no: $0.debit.orderNo, status: $0.debit.status.rawValue, amount: $0.debit.amount.yuanString,
                bank_code: $0.debit.bankCode,
                reason: $0.debit.reason?.rawValue, reason_zh: $0.debit.reason?.zh, at: $0.debit.at,
                refund_last_day: $0.refundLastDay?.description,
                refundable: $0.refundable)
        }
        refunds = overview.refunds.map(AutoTopUpRefundDTO.init)
        changes = overview.changes.map { AutoTopUpChangeDTO(action: $0.action, actor: $0.actor, detail: $0.detail, at: $0.at) }
        default_threshold = settings.autoTopUpThreshold.yuanString
        default_amount = settings.autoTopUpAmount.yuanString
        max_threshold = settings.autoTopUpMaxThreshold.yuanString
        min_amount = AutoTopUpTerms.minimumAmount.yuanString
        max_amount = min(settings.autoTopUpMaxAmount, settings.singleTopUpLimit).yuanString
        refund_deadline_day = settings.autoTopUpRefundDeadlineDay
        renewal_month = settings.autoTopUpRenewalMonth
    }
}
