import CampusCardCore
import Foundation
import SQLKit

/// A terminal's refused charges, by transaction id: a retry with the id is answered with the
/// first refusal for a day (as Stripe keeps an idempotency key's first answer), even if the purse
/// has been topped up since, so a declined sale never turns into a charge. Written in the
/// transaction that refused the charge; the happy path only asks, inside its own statement,
/// whether its id was refused (PostgreSQL's batch, SQLite's `ChargeContext`).
struct SpendRefusals {
    let sql: any SQLDatabase

    init(_ sql: any SQLDatabase) {
        self.sql = sql
    }

    /// Refusals that are the charge's own answer: what the card or purse was when it was asked.
    static func isKept(_ refusal: CardError) -> Bool {
        [.insufficientBalance, .unknownCard, .cardLost, .cardFrozen, .cardReplaced].contains(refusal.code)
    }

    /// The first refusal of this charge's transaction id; another charge under the same id is a conflict.
    func first(of request: TerminalSpendRequest) async throws -> CardError? {
        guard let refused = try await find(terminalID: request.terminal.id, transactionID: request.transactionID) else { return nil }
        guard refused.card == request.card.rawValue && refused.amount == request.amount.fen else { return .idempotencyConflict }
        return refused.error
    }

    func find(terminalID: Int64, transactionID: String) async throws -> (error: CardError, card: String, amount: Int64)? {
        guard
            let row = try await sql.raw(
                """
                SELECT card_number, amount, code, message_zh, message_en, details FROM spend_refusals
                WHERE terminal_id = \(bind: terminalID) AND transaction_id = \(bind: transactionID)
                """
            ).first()
        else { return nil }
        let code = try row.decode(column: "code", as: String.self)
        let details = try JSONDecoder().decode([String: String].self, from: Data(try row.decode(column: "details", as: String.self).utf8))
        let error = CardError(
            CardError.Code(rawValue: code) ?? .internalError, zh: try row.decode(column: "message_zh", as: String.self),
            en: try row.decode(column: "message_en", as: String.self), details: details)
        return (error, try row.decode(column: "card_number", as: String.self), try row.decode(column: "amount", as: Int64.self))
    }

    /// Keeps the refusal, in the caller's transaction (the first one written stays).
    func record(_ refusal: CardError, of request: TerminalSpendRequest, at: Date) async throws {
        let details = String(decoding: try JSONEncoder.sorted.encode(refusal.details), as: UTF8.self)
        try await sql.raw(
            """
            INSERT INTO spend_refusals (terminal_id, transaction_id, card_number, amount, code, message_zh, message_en, details, at_ms)
            VALUES (\(bind: request.terminal.id), \(bind: request.transactionID), \(bind: request.card.rawValue), \(bind: request.amount.fen),
                \(bind: refusal.code.rawValue), \(bind: refusal.zh), \(bind: refusal.en), \(bind: details), \(bind: at.epochMilliseconds))
            ON CONFLICT (terminal_id, transaction_id) DO NOTHING
            """
        ).run()
    }
}

extension JSONEncoder {
    fileprivate static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }
}

extension TerminalSpend {
    /// How long a refused transaction id is answered with its refusal: after that the upkeep may forget it.
    public static let refusalsKeptFor: TimeInterval = 24 * 3600

    /// Forgets refusals kept longer than that, as the upkeep does.
    public func purgeRefusals(before: Date) async throws {
        try await db.transaction { sql in
            try await sql.raw("DELETE FROM spend_refusals WHERE at_ms < \(bind: before.epochMilliseconds)").run()
        }
    }
}
