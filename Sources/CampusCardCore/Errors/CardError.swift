import Foundation

/// The one error type a cardholder, clerk or terminal ever sees: a stable code and a message in
/// Chinese and English that says what happened and what to do next. How a code is answered on
/// the wire (its HTTP status) is the server's business, not the domain's.
public struct CardError: Error, Equatable, Sendable, CustomStringConvertible {
    public let code: Code
    public let zh: String
    public let en: String
    /// The figures behind the message (what is left, when a lock ends, which field), for clients.
    public let details: [String: String]

    public init(_ code: Code, zh: String, en: String, details: [String: String] = [:]) {
        self.code = code
        self.zh = zh
        self.en = en
        self.details = details
    }

    public var description: String { "\(code.rawValue): \(en)" }
}

extension CardError {
    /// Stable codes: clients and tests match on these, never on message text.
    public enum Code: String, Sendable, CaseIterable, Codable {
        case malformedRequest = "malformed_request"
        case invalidField = "invalid_field"
        case invalidAmount = "invalid_amount"
        case unauthorized
        case forbidden
        /// A page's form whose token is not this session's: another site's, or from before signing in again.
        case formExpired = "form_expired"
        case notFound = "not_found"
        /// A school, staff account, merchant or terminal with this code or name exists already.
        case alreadyExists = "already_exists"
        /// A school keeps at least one active administrator.
        case lastAdministrator = "last_administrator"
        case methodNotAllowed = "method_not_allowed"
        case unknownSchool = "unknown_school"
        case unknownCampus = "unknown_campus"
        case unknownCard = "unknown_card"
        case staffNumberInvalid = "staff_number_invalid"
        case staffNumberIsPhoneNumber = "staff_number_is_phone_number"
        case nameInvalid = "name_invalid"
        case nationalIDInvalid = "national_id_invalid"
        case passportInvalid = "passport_invalid"
        case rosterFileInvalid = "roster_file_invalid"
        case rosterImportRunning = "roster_import_running"
        case fileTooLarge = "file_too_large"
        case insufficientBalance = "insufficient_balance"
        case cardLost = "card_lost"
        case cardFrozen = "card_frozen"
        case cardReplaced = "card_replaced"
        case voidWindowClosed = "void_window_closed"
        case unknownTransaction = "unknown_transaction"
        case cardStateConflict = "card_state_conflict"
        case cardNumberTaken = "card_number_taken"
        case idempotencyConflict = "idempotency_conflict"
        case requestReplayed = "request_replayed"
        case signatureInvalid = "signature_invalid"
        case requestStale = "request_stale"
        case unknownTerminal = "unknown_terminal"
        case terminalChanged = "terminal_changed"
        case infoMismatch = "info_mismatch"
        case phoneAccessLocked = "phone_access_locked"
        case passportNotRegistered = "passport_not_registered"
        case paymentPasswordFormat = "payment_password_format"
        case paymentPasswordWeak = "payment_password_weak"
        case paymentPasswordWrong = "payment_password_wrong"
        case faceVerificationInvalid = "face_verification_invalid"
        case faceVerificationStale = "face_verification_stale"
        case faceVerificationReplayed = "face_verification_replayed"
        /// The channel's face provider is not set up, or could not start a certification.
        case faceVerificationUnavailable = "face_verification_unavailable"
        case channelLoginFailed = "channel_login_failed"
        case tooManyAttempts = "too_many_attempts"
        /// A rate limit per client address or identity (sign-in, binding, top-up orders).
        case tooManyRequests = "too_many_requests"
        /// A staff account after too many wrong passwords in a row.
        case signInLocked = "sign_in_locked"
        case channelIdentityBound = "channel_identity_bound"
        case cardBoundInChannel = "card_bound_in_channel"
        case deviceNotVerified = "device_not_verified"
        case topUpAmountNotOffered = "top_up_amount_not_offered"
        case topUpSingleLimit = "top_up_single_limit"
        case topUpDailyLimit = "top_up_daily_limit"
        case paymentChannelUnavailable = "payment_channel_unavailable"
        case underMaintenance = "under_maintenance"
        case paymentCodeInvalid = "payment_code_invalid"
        case serviceBusy = "service_busy"
        case databaseUnavailable = "database_unavailable"
        case bankOnlinePaymentDisabled = "bank_online_payment_disabled"
        case bankLimitExceeded = "bank_limit_exceeded"
        case bankInsufficientFunds = "bank_insufficient_funds"
        case bankBlocked = "bank_blocked"
        case refundNotCredited = "refund_not_credited"
        case billUnavailable = "bill_unavailable"
        case billCheckRunning = "bill_check_running"
        case refundExceedsTopUp = "refund_exceeds_top_up"
        /// An auto-debit's refund window (until the 5th of the next month) has ended.
        case autoTopUpRefundWindowClosed = "auto_top_up_refund_window_closed"
        /// The agreement is not in a state that allows this (none, cancelled, expired, already signed).
        case autoTopUpAgreementState = "auto_top_up_agreement_state"
        case autoTopUpOutOfBounds = "auto_top_up_out_of_bounds"
        case ledgerInconsistent = "ledger_inconsistent"
        case internalError = "internal_error"
    }
}
