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

/// Charges a card at a terminal: the terminal still as the request found it, the nonce, the card's
/// state, the purse and the canteen's entry, in one transaction. A refused charge still uses up its nonce, so a captured request cannot
/// be replayed later when the purse has been topped up.
public struct TerminalSpend: Sendable {
    let db: StoreDatabase
    let batcher: SpendBatcher?

    /// A charge with its idempotency key and time, as a batch carries it.
    public struct Item: Sendable {
        var request: TerminalSpendRequest
        var key: IdempotencyKey
        var at: Date
    }

    /// With a `batcher`, charges that arrive together share one transaction (the SQLite path).
    public init(_ db: StoreDatabase, batcher: SpendBatcher? = nil) {
        self.db = db
        self.batcher = batcher
    }

    public func charge(_ request: TerminalSpendRequest, at: Date) async throws -> TransferReceipt {
        let key = try IdempotencyKey(scope: "terminal:\(request.terminal.id)", key: request.transactionID)
        guard request.amount.isPositive else { throw CardError.invalidAmount(request.amount.yuanString) }
        let item = TerminalSpend.Item(request: request, key: key, at: at)
        if let batcher { return try await answer(item, batched: await batcher.submit(item)).get() }
        return try await chargeUnbatched(item, nonceClaimed: false)
    }

    /// What one batch settles: on SQLite everything, in one transaction; on PostgreSQL, in one
    /// statement, all but the charges whose nonce it claimed without charging them (nil).
    func chargeBatch(_ items: [TerminalSpend.Item]) async -> [Result<TransferReceipt?, any Error>] {
        if db.isSQLite {
            do {
                return try await chargeBatchSetBased(items).map { $0.map(Optional.some) }
            } catch {
                // Nothing of the batch was committed: each charge is told so, and may be retried.
                return Array(repeating: .failure(error), count: items.count)
            }
        }
        if items.count == 1 { return [await Result.of { try await chargeUnbatched(items[0], nonceClaimed: false) }] }
        return await chargeBatchInOneStatement(items)
    }

    /// A charge the batch left (nil) is answered by the steps, after the batch, so that the
    /// batch's other charges and the next batch do not wait for it.
    func answer(_ item: Item, batched: Result<TransferReceipt?, any Error>) async -> Result<TransferReceipt, any Error> {
        switch batched {
        case .success(let receipt?): .success(receipt)
        case .success(nil): await Result.of { try await chargeUnbatched(item, nonceClaimed: true) }
        case .failure(let error): .failure(error)
        }
    }

    /// One charge on its own. On PostgreSQL one statement does it; the rare paths take the steps,
    /// which answer a retry with its first result and a refusal with its reason (or charge, if the
    /// purse was topped up meanwhile: still at most once).
    func chargeUnbatched(_ item: TerminalSpend.Item, nonceClaimed: Bool) async throws -> TransferReceipt {
        let (request, key, at) = (item.request, item.key, item.at)
        guard !db.isSQLite && !nonceClaimed else { return try await chargeInSteps(request, key: key, claimingNonce: !nonceClaimed, at: at) }
        switch try await chargeInOneStatement(item) {
        case .charged(let receipt): return receipt
        case .terminalChanged: throw CardError.terminalChanged
        case .nonceReused: throw CardError.requestReplayed
        case .keyReused: return try await chargeInSteps(request, key: key, claimingNonce: true, at: at)
        case .refused: return try await chargeInSteps(request, key: key, claimingNonce: false, at: at)
        }
    }

    /// Step by step in one transaction.
    private func chargeInSteps(_ request: TerminalSpendRequest, key: IdempotencyKey, claimingNonce: Bool, at: Date) async throws
        -> TransferReceipt
    {
        let settled: Result<TransferReceipt, CardError>
        do {
            settled = try await db.transaction { sql in
                try await request.terminal.confirm(on: sql)
                if claimingNonce { try await Self.claim(nonce: request.nonce, terminalID: request.terminal.id, at: at, on: sql) }
                return try await Self.settle(request, key: key, at: at, on: sql)
            }
        } catch let error as CardError where claimingNonce && error.code != .requestReplayed && error.code != .terminalChanged {
            try? await db.transaction { sql in try await Self.claim(nonce: request.nonce, terminalID: request.terminal.id, at: at, on: sql)
            }
            throw error
        }
        return try settled.get()
    }

    /// The steps, answering a transaction id refused before with its first refusal, and keeping a
    /// new refusal of the charge (`SpendRefusals`): returned, not thrown, so that the caller's
    /// transaction commits it.
    static func settle(_ request: TerminalSpendRequest, key: IdempotencyKey, at: Date, on sql: any SQLDatabase) async throws
        -> Result<TransferReceipt, CardError>
    {
        let refusals = SpendRefusals(sql)
        if let first = try await refusals.first(of: request) { return .failure(first) }
        do {
            return .success(try await steps(request, key: key, at: at, on: sql))
        } catch let refusal as CardError where SpendRefusals.isKept(refusal) {
            try await refusals.record(refusal, of: request, at: at)
            return .failure(refusal)
        }
    }

    /// The card, its state, the transfer: inside the caller's transaction.
    private static func steps(_ request: TerminalSpendRequest, key: IdempotencyKey, at: Date, on sql: any SQLDatabase) async throws
        -> TransferReceipt
    {
        guard let card = try await CardStore(sql).card(schoolID: request.terminal.schoolID, number: request.card) else {
            throw CardError.unknownCard
        }
        let transfer = try TransferRequest(
            kind: .spend, from: card.purse, to: request.terminal.merchant.account, amount: request.amount, key: key,
            memo: request.terminal.merchant.name)
        let ledger = LedgerStore(sql)
        guard let refusal = CardError.stopped(card.status) else {
            return try await ledger.post(transfer, schoolID: request.terminal.schoolID, at: at)
        }
        // A retry of a charge made before the card was stopped still gets its first answer.
        return try await ledger.replayIfPosted(transfer) ?? { throw refusal }()
    }

    static func claim(nonce: String, terminalID: Int64, at: Date, on sql: any SQLDatabase) async throws {
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
