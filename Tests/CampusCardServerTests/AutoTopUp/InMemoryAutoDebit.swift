import CampusCardCore
import CampusCardServices
import CampusCardStore
import Foundation
import Synchronization

/// The bank side of auto top-up in memory, for tests that set their own clock: each test card
/// behaves as the UnionPay sandbox's does (funds, no funds, blocked, online payment not enabled,
/// over the bank's limit, processing first), the SMS code is fixed, and a processing debit is
/// settled when the test says (`confirm`), as the bank's later notification would. A debit on the
/// `unreached` card, and every refund while `refundsReach` is off, is lost on its way: its
/// sender hears nothing and the bank has no such transaction. (`AutoTopUpThroughUnionPayTests`
/// runs the main flows against `UnionPayAutoDebit` and the sandbox's UnionPay.)
final class InMemoryAutoDebit: AutoDebitChannel {
    enum Card: String, CaseIterable {
        case funds = "6216610000000001"
        case noFunds = "6216610000000002"
        case blocked = "6216610000000003"
        case notEnabled = "6216610000000004"
        case overLimit = "6216610000000005"
        case processingFirst = "6216610000000006"
        case unreached = "6216610000000008"

        /// The bank's refusal for this card, as its response code and meaning.
        var refusal: (code: String, reason: AutoDebitReason)? {
            switch self {
            case .funds, .processingFirst, .unreached: nil
            case .noFunds: ("51", .insufficientFunds)
            case .blocked: ("62", .cardBlocked)
            case .notEnabled: ("57", .onlinePaymentDisabled)
            case .overLimit: ("61", .overBankLimit)
            }
        }
    }

    static let smsCode = "111111"

    struct State {
        var tokens: [String: Card] = [:]
        var deleted: Set<String> = []
        /// Debits as the bank holds them: the order, its amount and the bank's answer so far.
        var debits: [String: (order: TopUpOrder, outcome: AutoDebitOutcome)] = [:]
        var refunds: [String: AutoDebitOutcome] = [:]
        var debitCalls = 0
        var refundsReach = true
    }

    let state = Mutex(State())

    var debitCalls: Int { state.withLock { $0.debitCalls } }

    var refundsReach: Bool {
        get { state.withLock { $0.refundsReach } }
        set { state.withLock { $0.refundsReach = newValue } }
    }

    /// What the sender of a request lost on its way hears.
    struct Unanswered: Error {}

    /// A token for `card` as a completed opening would give it (for tests that start signed).
    func token(for card: Card) -> String {
        state.withLock { state in
            let token = "TK\(state.tokens.count + 1)\(card.rawValue.suffix(4))"
            state.tokens[token] = card
            return token
        }
    }

    func beginOpening(_ opening: AutoDebitOpening, at: Date) async throws -> AutoDebitOpeningStep {
        guard let card = Card(rawValue: opening.cardNumber) else { return .refused(code: "14", reason: .infoMismatch) }
        if card == .notEnabled { return .refused(code: "57", reason: .onlinePaymentDisabled) }
        return .smsSent(maskedPhone: String(opening.phone.prefix(3)) + "****" + String(opening.phone.suffix(4)))
    }

    func completeOpening(_ opening: AutoDebitOpening, verificationCode: String, at: Date) async throws -> AutoDebitToken {
        guard verificationCode == Self.smsCode else { throw AutoDebitRefused(code: "71", reason: .wrongVerificationCode) }
        guard let card = Card(rawValue: opening.cardNumber) else { throw AutoDebitRefused(code: "66", reason: .infoMismatch) }
        return AutoDebitToken(token: token(for: card), cardLastFour: opening.cardLastFour, expiresAt: nil)
    }

    func debit(_ order: TopUpOrder, token: String, at: Date) async throws -> AutoDebitOutcome {
        try state.withLock { state in
            state.debitCalls += 1
            if state.tokens[token] == .unreached { throw Unanswered() }
            let outcome: AutoDebitOutcome
            if let earlier = state.debits[order.orderNo] {
                outcome = earlier.outcome
            } else if state.deleted.contains(token) || state.tokens[token] == nil {
                outcome = .failed(code: "78", reason: .tokenInvalid)
            } else if let refusal = state.tokens[token]!.refusal {
                outcome = .failed(code: refusal.code, reason: refusal.reason)
            } else if state.tokens[token] == .processingFirst {
                outcome = .processing
            } else {
                outcome = .succeeded(Self.paid(order))
            }
            state.debits[order.orderNo] = (order, outcome)
            return outcome
        }
    }

    /// The bank finishes a processing debit: what its notification (or the next query) says.
    @discardableResult
    func confirm(_ orderNo: String) -> AutoDebitOutcome {
        state.withLock { state in
            guard let debit = state.debits[orderNo] else { return .unknown }
            let outcome = AutoDebitOutcome.succeeded(Self.paid(debit.order))
            state.debits[orderNo] = (debit.order, outcome)
            return outcome
        }
    }

    func query(_ order: TopUpOrder, at: Date) async throws -> AutoDebitOutcome {
        state.withLock { $0.debits[order.orderNo]?.outcome ?? .unknown }
    }

    func refund(_ refund: AutoDebitRefund, at: Date) async throws -> AutoDebitOutcome {
        try state.withLock { state in
            guard state.refundsReach else { throw Unanswered() }
            guard case .succeeded = state.debits[refund.debitOrderNo]?.outcome else {
                state.refunds[refund.refundNo] = .failed(code: "25", reason: .other)
                return state.refunds[refund.refundNo]!
            }
            let outcome = AutoDebitOutcome.succeeded(
                PaymentNotice(
                    provider: .unionPay, orderNo: refund.refundNo, channelTradeNo: "Q" + refund.refundNo, paidTotal: refund.amount))
            state.refunds[refund.refundNo] = outcome
            return outcome
        }
    }

    func queryRefund(_ refund: AutoDebitRefund, at: Date) async throws -> AutoDebitOutcome {
        state.withLock { $0.refunds[refund.refundNo] ?? .unknown }
    }

    func deleteToken(_ token: String, at: Date) async throws {
        _ = state.withLock { $0.deleted.insert(token) }
    }

    private static func paid(_ order: TopUpOrder) -> PaymentNotice {
        PaymentNotice(provider: .unionPay, orderNo: order.orderNo, channelTradeNo: "Q" + order.orderNo, paidTotal: order.payable)
    }
}
