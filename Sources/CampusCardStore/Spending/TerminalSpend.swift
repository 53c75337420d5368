import CampusCardCore
import Foundation
import SQLKit

/// A charge from a POS terminal, as the terminal asked for it.
public struct TerminalSpendRequest: Sendable {
    public var terminal: TerminalRecord
    public var nonce: String
    public var card: CardNumber
    public var amount: Money
    /// The terminal's own transaction id: a retry after a timeout carries the same one.
    public var transactionID: String

    public init(terminal: TerminalRecord, nonce: String, card: CardNumber, amount: Money, transactionID: String) {
        (self.terminal, self.nonce, self.card, self.amount, self.transactionID) = (terminal, nonce, card, amount, transactionID)
    }
}

/// Charges a card at a terminal: the nonce, the card's state, the purse and the canteen's entry,
/// in one transaction. A refused charge still uses up its nonce, so a captured request cannot
/// be replayed later when the purse has been topped up.
public struct TerminalSpend: Sendable {
    let db: StoreDatabase

    public init(_ db: StoreDatabase) {
        self.db = db
    }

    public func charge(_ request: TerminalSpendRequest, at: Date) async throws -> TransferReceipt {
        let key = try IdempotencyKey(scope: "terminal:\(request.terminal.id)", key: request.transactionID)
        guard request.amount.isPositive else { throw CardError.invalidAmount(request.amount.yuanString) }
        guard !db.isSQLite else { return try await chargeInSteps(request, key: key, claimingNonce: true, at: at) }
        switch try await chargeInOneStatement(request, transfer: key, at: at) {
        case .charged(let receipt): return receipt
        case .nonceReused: throw CardError.requestReplayed
        // The rare paths take the steps, which answer a retry with its first result and a refusal
        // with its reason (or charge, if the purse was topped up meanwhile: still at most once).
        case .keyReused: return try await chargeInSteps(request, key: key, claimingNonce: true, at: at)
        case .refused: return try await chargeInSteps(request, key: key, claimingNonce: false, at: at)
        }
    }

    /// Step by step in one transaction: the SQLite path (round trips are function calls there),
    /// and PostgreSQL's for retries and refusals.
    private func chargeInSteps(_ request: TerminalSpendRequest, key: IdempotencyKey, claimingNonce: Bool, at: Date) async throws
        -> TransferReceipt
    {
        do {
            return try await db.transaction { sql in
                if claimingNonce { try await Self.claim(nonce: request.nonce, terminalID: request.terminal.id, at: at, on: sql) }
                guard let card = try await CardStore(sql).card(schoolID: request.terminal.schoolID, number: request.card) else {
                    throw CardError.unknownCard
                }
                let transfer = try TransferRequest(
                    kind: .spend, from: card.purse, to: request.terminal.merchant.account, amount: request.amount, key: key,
                    memo: request.terminal.merchant.name)
                let ledger = LedgerStore(sql)
                switch card.status {
                case .active: return try await ledger.post(transfer, schoolID: request.terminal.schoolID, at: at)
                // A retry of a charge made before the card was stopped still gets its first answer.
                case .lost: return try await ledger.replayIfPosted(transfer) ?? { throw CardError.cardLost }()
                case .frozen, .replaced: return try await ledger.replayIfPosted(transfer) ?? { throw CardError.cardFrozen }()
                }
            }
        } catch let error as CardError where error.code != .requestReplayed && claimingNonce {
            try? await db.transaction { sql in try await Self.claim(nonce: request.nonce, terminalID: request.terminal.id, at: at, on: sql)
            }
            throw error
        }
    }

    private static func claim(nonce: String, terminalID: Int64, at: Date, on sql: any SQLDatabase) async throws {
        let claimed = try await sql.raw(
            """
            INSERT INTO terminal_nonces (terminal_id, nonce, at_ms) VALUES (\(bind: terminalID), \(bind: nonce), \(bind: at.epochMilliseconds))
            ON CONFLICT (terminal_id, nonce) DO NOTHING RETURNING terminal_id
            """
        ).first()
        guard claimed != nil else { throw CardError.requestReplayed }
    }

    /// Forgets nonces old enough that their timestamps are refused anyway.
    public func purgeNonces(before: Date) async throws {
        try await db.transaction { sql in
            try await sql.raw("DELETE FROM terminal_nonces WHERE at_ms < \(bind: before.epochMilliseconds)").run()
        }
    }
}
