import CampusCardCore
import Foundation
import SQLKit

/// The phone's payment code (付款码): 18 digits, good for a minute, charged once. A terminal
/// sends it in place of the card number; it stands for the cardholder's current card, so a card
/// reported lost stops its codes too (we do not offer keeping the phone active on a lost card:
/// whoever holds the phone would pay with the money of a card its owner said is gone).
public struct PaymentCodes: Sendable {
    public static let lifetime: TimeInterval = 60

    let db: StoreDatabase

    public init(_ db: StoreDatabase) {
        self.db = db
    }

    public func issue(for binding: BindingRecord, at: Date) async throws -> (code: String, expiresAt: Date) {
        guard let status = binding.cardStatus else { throw CardError.unknownCard }
        if let refusal = CardError.stopped(status) { throw refusal }
        let code = "28" + String((0..<16).map { _ in "0123456789".randomElement()! })
        let expiresAt = at.addingTimeInterval(Self.lifetime)
        try await db.sql.raw(
            """
            INSERT INTO payment_codes (code, school_id, cardholder_id, expires_at_ms, created_at_ms)
            VALUES (\(bind: code), \(bind: binding.schoolID), \(bind: binding.cardholderID), \(bind: expiresAt.epochMilliseconds), \(bind: at.epochMilliseconds))
            """
        ).run()
        return (code, expiresAt)
    }

    /// The card a code stands for, using the code up for this terminal's transaction; the same
    /// terminal retrying the same transaction gets the same card (and so the first answer).
    public func redeem(_ code: String, terminal: TerminalRecord, transactionID: String, at: Date) async throws -> CardNumber {
        let cardholderID: Int64? = try await db.transaction { sql in
            try await terminal.confirm(on: sql)
            if let id = try await sql.raw(
                """
                UPDATE payment_codes SET used_at_ms = \(bind: at.epochMilliseconds), used_by_terminal_id = \(bind: terminal.id),
                    used_transaction_id = \(bind: transactionID)
                WHERE code = \(bind: code) AND school_id = \(bind: terminal.schoolID) AND used_at_ms IS NULL AND expires_at_ms > \(bind: at.epochMilliseconds)
                RETURNING cardholder_id
                """
            ).first(decodingColumn: "cardholder_id", as: Int64.self) {
                return id
            }
            return try await sql.raw(
                """
                SELECT cardholder_id FROM payment_codes
                WHERE code = \(bind: code) AND used_by_terminal_id = \(bind: terminal.id) AND used_transaction_id = \(bind: transactionID)
                """
            ).first(decodingColumn: "cardholder_id", as: Int64.self)
        }
        guard let cardholderID,
            let number = try await db.sql.raw(
                "SELECT card_number FROM cards WHERE cardholder_id = \(bind: cardholderID) AND status <> 'replaced' ORDER BY id DESC LIMIT 1"
            ).first(decodingColumn: "card_number", as: String.self).flatMap(CardNumber.init(rawValue:))
        else { throw CardError.paymentCodeInvalid }
        return number
    }

    /// Forgets codes long past their minute.
    public func purge(before: Date) async throws {
        try await db.sql.raw("DELETE FROM payment_codes WHERE expires_at_ms < \(bind: before.epochMilliseconds)").run()
    }
}
