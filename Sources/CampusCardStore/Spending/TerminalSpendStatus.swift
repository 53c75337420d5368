import CampusCardCore
import Foundation
import SQLKit

/// What became of a terminal's transaction id, for a terminal that lost the answer: charged (with
/// the charge as first answered, and whether it was voided since), refused (with the first
/// refusal), or never asked here (or refused more than a day ago).
public enum TerminalSpendStatus: Sendable, Equatable {
    case charged(TransferReceipt, voided: Bool)
    /// The first refusal, answered again to every retry for a day.
    case refused(CardError)
    case unknown
}

extension TerminalSpend {
    /// The terminal's own transaction only: the key's scope is the terminal, and the charge must
    /// have gone to its school and its canteen. The request's nonce is claimed as a charge's is, so
    /// a captured question cannot be asked again.
    public func status(of transactionID: String, terminal: TerminalRecord, nonce: String, at: Date) async throws -> TerminalSpendStatus {
        let key = try IdempotencyKey(scope: "terminal:\(terminal.id)", key: transactionID)
        let voidScope = "terminal-void:\(terminal.id)"
        return try await db.transaction { sql in
            try await terminal.confirm(on: sql)
            try await Self.claim(nonce: nonce, terminalID: terminal.id, at: at, on: sql)
            guard
                let row = try await sql.raw(
                    """
                    SELECT t.id, t.amount, t.at_ms,
                        (SELECT e.balance_after FROM entries e WHERE e.transfer_id = t.id AND e.account_id = t.from_account_id) AS purse_after,
                        EXISTS (SELECT 1 FROM transfers v WHERE v.idempotency_scope = \(bind: voidScope) AND v.idempotency_key = t.idempotency_key)
                            AS voided
                    FROM transfers t
                    WHERE t.idempotency_scope = \(bind: key.scope) AND t.idempotency_key = \(bind: key.key) AND t.kind = 'spend'
                        AND t.school_id = \(bind: terminal.schoolID) AND t.to_account_id = \(bind: terminal.merchant.account.id)
                    """
                ).first()
            else {
                return try await SpendRefusals(sql).find(terminalID: terminal.id, transactionID: transactionID).map { .refused($0.error) }
                    ?? .unknown
            }
            let receipt = TransferReceipt(
                transferID: try row.decode(column: "id", as: Int64.self), kind: .spend,
                amount: Money(fen: try row.decode(column: "amount", as: Int64.self)),
                at: Date(epochMilliseconds: try row.decode(column: "at_ms", as: Int64.self)),
                purseBalanceAfter: try row.decode(column: "purse_after", as: Int64?.self).map(Money.init(fen:)), isReplay: true)
            return .charged(receipt, voided: try row.decode(column: "voided", as: Bool.self))
        }
    }
}
