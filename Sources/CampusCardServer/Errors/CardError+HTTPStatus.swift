import CampusCardCore
import Vapor

extension CardError.Code {
    /// How each refusal is answered on the wire. Data the ledger cannot make sense of is the
    /// server's failure (500, logged), never the caller's "not found".
    var httpStatus: HTTPResponseStatus {
        switch self {
        case .malformedRequest: .badRequest
        case .unauthorized, .signatureInvalid, .requestStale, .unknownTerminal, .faceVerificationInvalid, .faceVerificationStale,
            .channelLoginFailed:
            .unauthorized
        case .forbidden, .paymentPasswordWrong, .deviceNotVerified, .formExpired: .forbidden
        case .notFound, .unknownSchool, .unknownCampus, .unknownCard, .unknownTransaction: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .insufficientBalance, .cardLost, .cardFrozen, .idempotencyConflict, .requestReplayed, .cardStateConflict, .cardNumberTaken,
            .cardReplaced, .voidWindowClosed, .passportNotRegistered, .faceVerificationReplayed, .channelIdentityBound,
            .cardBoundInChannel, .topUpDailyLimit, .paymentCodeInvalid, .terminalChanged, .refundNotCredited, .refundExceedsTopUp,
            .alreadyExists, .lastAdministrator, .rosterImportRunning, .billCheckRunning, .autoTopUpRefundWindowClosed,
            .autoTopUpAgreementState:
            .conflict
        case .invalidField, .invalidAmount, .staffNumberInvalid, .staffNumberIsPhoneNumber,
            .nameInvalid, .nationalIDInvalid, .passportInvalid, .rosterFileInvalid, .infoMismatch, .paymentPasswordFormat,
            .paymentPasswordWeak, .topUpAmountNotOffered, .topUpSingleLimit, .bankOnlinePaymentDisabled, .bankLimitExceeded,
            .bankInsufficientFunds, .bankBlocked, .autoTopUpOutOfBounds:
            .unprocessableEntity
        case .fileTooLarge: .payloadTooLarge
        case .phoneAccessLocked, .signInLocked: .locked
        case .tooManyAttempts, .tooManyRequests: .tooManyRequests
        case .ledgerInconsistent, .internalError: .internalServerError
        case .paymentChannelUnavailable, .faceVerificationUnavailable, .underMaintenance, .serviceBusy, .databaseUnavailable,
            .billUnavailable:
            .serviceUnavailable
        }
    }
}
