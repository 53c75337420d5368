import CampusCardCore
import Foundation
import SQLKit

/// A terminal takes back a charge it made today (the cashier keyed the wrong dish): the amount
/// goes from the canteen back to the purse, once, however often the void is sent.
public struct TerminalVoid: Sendable {
    let db: StoreDatabase

    public init(_ db: StoreDatabase) {
        self.db = db
    }

    public func void(terminal: TerminalRecord, nonce: String, transactionID: String, timeZone: TimeZone, at: Date) async throws
        -> TransferReceipt
    {
        let original = try IdempotencyKey(scope: "terminal:\(terminal.id)", key: transactionID)
        let key = try IdempotencyKey(scope: "terminal-void:\(terminal.id)", key: transactionID)
        return try await db.transaction { sql in
            try await terminal.confirm(on: sql)
            try await TerminalSpend.claim(nonce: nonce, terminalID: terminal.id, at: at, on: sql)
            guard
                let row = try await sql.raw(
                    """
                    SELECT from_account_id, amount, at_ms FROM transfers
                    WHERE idempotency_scope = \(bind: original.scope) AND idempotency_key = \(bind: original.key) AND kind = 'spend'
                    """
                ).first()
            else { throw CardError.notFound("transaction \(transactionID)") }
            let chargedAt = Date(epochMilliseconds: try row.decode(column: "at_ms", as: Int64.self))
            let request = try TransferRequest(
                kind: .void, from: terminal.merchant.account,
                to: LedgerAccount(id: try row.decode(column: "from_account_id", as: Int64.self), kind: .purse),
                amount: Money(fen: try row.decode(column: "amount", as: Int64.self)), key: key, memo: "\(terminal.merchant.name) 撤销 void")
            if let earlier = try await LedgerStore(sql).replayIfPosted(request) { return earlier }
            guard LocalDate(chargedAt, in: timeZone) == LocalDate(at, in: timeZone) else { throw CardError.voidWindowClosed }
            return try await LedgerStore(sql).post(request, schoolID: terminal.schoolID, at: at)
        }
    }
}
