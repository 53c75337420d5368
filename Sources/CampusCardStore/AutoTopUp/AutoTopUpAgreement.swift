import CampusCardCore
import Foundation
import SQLKit

/// A cardholder's auto top-up agreement as stored: the bank's token for their card (we keep only
/// its last four digits), their threshold and amount, and where its debits stand.
public struct AutoTopUpAgreement: Sendable, Equatable {
    public var id: Int64
    public var schoolID: Int64
    public var cardholderID: Int64
    public var purse: LedgerAccount
    public var status: AutoTopUpStatus
    public var debitState: DebitState
    public var threshold: Money
    public var amount: Money
    public var token: String
    public var cardLastFour: String
    /// Failed debits in a row; back to 0 on a success, a resume or a change.
    public var failures: Int
    public var nextAttemptAt: Date?
    public var signedAt: Date?
    public var expiresAt: Date?
    public var createdAt: Date

    /// The purse watch's side of the agreement (see `CreateAutoTopUps`).
    public enum DebitState: String, Sendable, Equatable {
        /// The next dip below the threshold starts a debit.
        case armed
        /// A debit is to be started (now, or at `nextAttemptAt` after a failure).
        case due
        /// A debit is with the bank: no other starts until it is settled.
        case debiting
        /// Nothing starts until the balance is back at the threshold.
        case idle
    }

    /// Whether it is past its yearly expiry at `now` (an expired agreement triggers nothing).
    public func isExpired(at now: Date) -> Bool {
        expiresAt.map { $0 <= now } ?? false
    }
}

extension AutoTopUpAgreement {
    static let columns: SQLQueryString = """
        id, school_id, cardholder_id, purse_account_id, status, debit_state, threshold_fen, amount_fen, token, card_last_four, failures,
        next_attempt_at_ms, signed_at_ms, expires_at_ms, created_at_ms
        """

    init(row: any SQLRow) throws {
        func date(_ column: String) throws -> Date? {
            try row.decode(column: column, as: Int64?.self).map(Date.init(epochMilliseconds:))
        }
        id = try row.decode(column: "id", as: Int64.self)
        schoolID = try row.decode(column: "school_id", as: Int64.self)
        cardholderID = try row.decode(column: "cardholder_id", as: Int64.self)
        purse = LedgerAccount(id: try row.decode(column: "purse_account_id", as: Int64.self), kind: .purse)
        status = AutoTopUpStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .cancelled
        debitState = DebitState(rawValue: try row.decode(column: "debit_state", as: String.self)) ?? .idle
        threshold = Money(fen: try row.decode(column: "threshold_fen", as: Int64.self))
        amount = Money(fen: try row.decode(column: "amount_fen", as: Int64.self))
        token = try row.decode(column: "token", as: String.self)
        cardLastFour = try row.decode(column: "card_last_four", as: String.self)
        failures = Int(try row.decode(column: "failures", as: Int64.self))
        nextAttemptAt = try date("next_attempt_at_ms")
        signedAt = try date("signed_at_ms")
        expiresAt = try date("expires_at_ms")
        createdAt = Date(epochMilliseconds: try row.decode(column: "created_at_ms", as: Int64.self))
    }
}

/// One recorded change to an agreement: who did what, when.
public struct AutoTopUpChange: Sendable, Equatable {
    public var action: String
    public var actor: String
    public var detail: String
    public var at: Date
}
