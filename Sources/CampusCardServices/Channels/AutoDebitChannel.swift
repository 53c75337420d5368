import CampusCardCore
import CampusCardStore
import Foundation

/// The bank side of auto top-up (自动代扣): a token opened for the cardholder's bank card without
/// leaving our page (UnionPay's 无跳转 token opening, verified by the bank's own SMS or page), debits
/// against that token, and refunds of a debit. UnionPay ACP plays it; a debit is a top-up order of
/// kind `.auto` and is credited through the same notification and query path as every top-up.
public protocol AutoDebitChannel: Sendable {
    /// Asks the bank to verify the cardholder for opening: the bank sends its SMS code (or shows
    /// its page) and the opening waits for `completeOpening`.
    func beginOpening(_ opening: AutoDebitOpening, at: Date) async throws -> AutoDebitOpeningStep
    /// The bank's verification done: the token the debits use; the bank's refusal throws
    /// `AutoDebitRefused`.
    func completeOpening(_ opening: AutoDebitOpening, verificationCode: String, at: Date) async throws -> AutoDebitToken
    /// Debits `order.payable` from the token's card. The answer may be final or still processing;
    /// a processing debit is settled by the channel's notification or by `query`.
    func debit(_ order: TopUpOrder, token: String, at: Date) async throws -> AutoDebitOutcome
    func query(_ order: TopUpOrder, at: Date) async throws -> AutoDebitOutcome
    /// Returns `amount` of a credited debit to the bank card (UnionPay's refund, txnType 04).
    func refund(_ refund: AutoDebitRefund, at: Date) async throws -> AutoDebitOutcome
    func queryRefund(_ refund: AutoDebitRefund, at: Date) async throws -> AutoDebitOutcome
    /// Ends the token at the bank (cancel, expiry); a token the bank no longer knows counts as ended.
    func deleteToken(_ token: String, at: Date) async throws
}

/// What the cardholder gave to open auto top-up: the card and the holder as the bank knows them.
/// The card number and ID number go to the bank only; we keep the last four digits of the card.
public struct AutoDebitOpening: Sendable, Equatable {
    /// Our number for this opening (`orderId` at UnionPay), unique per attempt.
    public var openingNo: String
    public var cardNumber: String
    public var holderName: String
    /// The holder's ID number as the bank checks it; never stored or logged.
    public var idNumber: String
    public var phone: String
    /// When the opening began: UnionPay names the opening by `orderId` and this `txnTime`, and
    /// completing it must send both again as the SMS request had them.
    public var startedAt: Date

    public init(openingNo: String, cardNumber: String, holderName: String, idNumber: String, phone: String, startedAt: Date) {
        (self.openingNo, self.cardNumber, self.holderName, self.idNumber, self.phone) = (openingNo, cardNumber, holderName, idNumber, phone)
        self.startedAt = startedAt
    }

    public var cardLastFour: String { String(cardNumber.suffix(4)) }
}

public enum AutoDebitOpeningStep: Sendable, Equatable {
    /// The bank sent a code by SMS to the phone it has for the card (masked, as the bank shows it).
    case smsSent(maskedPhone: String)
    /// The bank refused to open (unknown card, name or ID mismatch, card not enabled): its code.
    case refused(code: String, reason: AutoDebitReason)
}

public struct AutoDebitToken: Sendable, Equatable {
    public var token: String
    public var cardLastFour: String
    /// When the bank's token itself ends, if it says.
    public var expiresAt: Date?

    public init(token: String, cardLastFour: String, expiresAt: Date?) {
        (self.token, self.cardLastFour, self.expiresAt) = (token, cardLastFour, expiresAt)
    }
}

/// A refund of a credited auto-debit, tracked to the bank's answer.
public struct AutoDebitRefund: Sendable, Equatable {
    /// Our number for the refund (`orderId` of the refund at UnionPay).
    public var refundNo: String
    /// The debit's order number and the bank's number for it (`origQryId`).
    public var debitOrderNo: String
    public var debitChannelTradeNo: String
    public var amount: Money
    /// When the refund was first asked for: with `refundNo` it names the refund at UnionPay
    /// (`txnTime`), for the query and for a repeated request alike.
    public var requestedAt: Date

    public init(refundNo: String, debitOrderNo: String, debitChannelTradeNo: String, amount: Money, requestedAt: Date) {
        (self.refundNo, self.debitOrderNo, self.debitChannelTradeNo, self.amount) = (refundNo, debitOrderNo, debitChannelTradeNo, amount)
        self.requestedAt = requestedAt
    }
}

public enum AutoDebitOutcome: Sendable, Equatable {
    /// The bank took (or returned) the money: `paidTotal` as the bank states it.
    case succeeded(PaymentNotice)
    /// UnionPay's 03/04/05: still processing, ask again later; never treated as closed.
    case processing
    /// The bank refused: its response code and what it means to the cardholder.
    case failed(code: String, reason: AutoDebitReason)
    /// The bank has no such transaction (never reached it).
    case unknown
}

/// The bank refused to open the token (`completeOpening`): its code and what it means.
public struct AutoDebitRefused: Error, Sendable, Equatable {
    public var code: String
    public var reason: AutoDebitReason

    public init(code: String, reason: AutoDebitReason) {
        (self.code, self.reason) = (code, reason)
    }
}
