import CampusCardCore
import Foundation
import PostgresNIO

/// PostgreSQL's group commit: a batch of charges in one prepared statement (one round trip, one
/// commit). A charge whose terminal is no longer as its request found it (disabled, re-keyed)
/// writes nothing, not even its nonce, so the request can be authenticated again. Every charge of the batch is answered on its own; whatever the statement cannot
/// settle (a refusal, two charges on one purse, a reused nonce or key) is left (nil) to the
/// single-charge path, which knows why; so is a transaction id refused before (`SpendRefusals`),
/// which the statement leaves uncharged at the cost of one index probe.
extension TerminalSpend {
    func chargeBatchInOneStatement(_ items: [TerminalSpend.Item]) async -> [Result<TransferReceipt?, any Error>] {
        let rows: [SpendBatchStatement.Row]
        do {
            rows = try await db.execute(SpendBatchStatement(items))
        } catch {
            // Nothing of the batch was written (a reused nonce or key, a conflict with another
            // transaction that outlasted the retries): each charge goes alone, in arrival order among those it shares
            // a nonce, a transaction or a card with, so the first of two twins is the one charged.
            return await withTaskGroup(of: [(Int, Result<TransferReceipt?, any Error>)].self) { group in
                for chain in Self.conflictChains(items) {
                    group.addTask {
                        var answers: [(Int, Result<TransferReceipt?, any Error>)] = []
                        for index in chain {
                            let item = items[index]
                            answers.append((index, await Result.of { try await TerminalSpend(db).charge(item.request, at: item.at) }))
                        }
                        return answers
                    }
                }
                var results = [Result<TransferReceipt?, any Error>](repeating: .failure(CardError.internalError), count: items.count)
                for await answers in group { for (index, result) in answers { results[index] = result } }
                return results
            }
        }
        var results: [Result<TransferReceipt?, any Error>] = []
        for (item, (_, terminalCurrent, transferID, balance)) in zip(items, rows) {
            if !terminalCurrent {
                results.append(.failure(CardError.terminalChanged))
            } else if let transferID, let balance {
                results.append(
                    .success(
                        TransferReceipt(
                            transferID: transferID, kind: .spend, amount: item.request.amount,
                            at: Date(epochMilliseconds: item.at.epochMilliseconds),
                            purseBalanceAfter: Money(fen: balance), isReplay: false)))
            } else {
                // Its nonce is claimed; the steps say why it was not charged, or charge it now.
                results.append(.success(nil))
            }
        }
        return results
    }
}

/// The batch as one statement over arrays, one element per charge, answered in the same order.
/// Its purses are locked first, in account order (`l`), as every other writer takes at most one
/// purse or takes them in that order too: charges arriving in any order never deadlock another
/// batch or a single charge. The update only reaches a purse `l` has already locked.
struct SpendBatchStatement: PostgresPreparedStatement {
    static let sql = """
        WITH asked AS (
            SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::bigint[], $7::bigint[], $8::text[], $9::text[], $10::text[],
                    $11::text[], $12::bigint[])
                WITH ORDINALITY AS a(at_ms, terminal_id, nonce, school_id, card, amount, merchant, scope, key, memo, sealed, merchant_id, i)
        ), r AS (
            SELECT asked.* FROM asked JOIN terminals t ON t.id = asked.terminal_id AND t.status = 'active' AND t.sealed_secret = asked.sealed
                AND t.school_id = asked.school_id AND t.merchant_id = asked.merchant_id
        ), n AS (
            INSERT INTO terminal_nonces (terminal_id, nonce, at_ms) SELECT terminal_id, nonce, at_ms FROM r RETURNING 1
        ), l AS MATERIALIZED (
            SELECT a.id FROM accounts a WHERE a.id IN (SELECT k.purse_account_id FROM r JOIN cards k ON k.school_id = r.school_id AND k.card_number = r.card)
            ORDER BY a.id FOR NO KEY UPDATE
        ), p AS (
            UPDATE accounts a SET balance = a.balance - r.amount, entry_seq = a.entry_seq + 1
            FROM r JOIN cards k ON k.school_id = r.school_id AND k.card_number = r.card AND k.status = 'active' JOIN l ON l.id = k.purse_account_id
            WHERE a.id = k.purse_account_id AND a.kind = 'purse' AND a.status = 'active' AND a.balance >= r.amount
                AND NOT EXISTS (SELECT 1 FROM spend_refusals s WHERE s.terminal_id = r.terminal_id AND s.transaction_id = r.key)
            RETURNING r.i, a.id, a.balance, a.entry_seq
        ), t AS (
            INSERT INTO transfers (school_id, kind, from_account_id, to_account_id, amount, idempotency_scope, idempotency_key, memo, at_ms)
            SELECT r.school_id, 'spend', p.id, r.merchant, r.amount, r.scope, r.key, r.memo, r.at_ms FROM p JOIN r ON r.i = p.i
            RETURNING id, idempotency_scope, idempotency_key
        ), tr AS (
            SELECT t.id, r.i, r.amount, r.merchant, r.at_ms FROM t JOIN r ON r.scope = t.idempotency_scope AND r.key = t.idempotency_key
        ), e AS (
            INSERT INTO entries (transfer_id, account_id, amount, balance_after, seq, pending, at_ms)
            SELECT tr.id, p.id, -tr.amount, p.balance, p.entry_seq, false, tr.at_ms FROM tr JOIN p ON p.i = tr.i
            UNION ALL
            SELECT tr.id, tr.merchant, tr.amount, NULL, NULL, true, tr.at_ms FROM tr
            RETURNING 1
        )
        SELECT asked.i, r.i IS NOT NULL, tr.id, p.balance FROM asked LEFT JOIN r ON r.i = asked.i LEFT JOIN p ON p.i = asked.i
            LEFT JOIN tr ON tr.i = asked.i ORDER BY asked.i
        """

    /// Per charge: its place, whether its terminal is still as the request found it, the transfer, the purse's balance after.
    typealias Row = (Int64, Bool, Int64?, Int64?)

    init(_ items: [TerminalSpend.Item]) {
        ats = items.map(\.at.epochMilliseconds)
        terminalIDs = items.map(\.request.terminal.id)
        nonces = items.map(\.request.nonce)
        schoolIDs = items.map(\.request.terminal.schoolID)
        cards = items.map(\.request.card.rawValue)
        amounts = items.map(\.request.amount.fen)
        merchantAccountIDs = items.map(\.request.terminal.merchant.account.id)
        scopes = items.map(\.key.scope)
        keys = items.map(\.key.key)
        memos = items.map(\.request.terminal.merchant.name)
        sealedSecrets = items.map(\.request.terminal.sealedSecret)
        merchantIDs = items.map(\.request.terminal.merchant.id)
    }

    var ats: [Int64]
    var terminalIDs: [Int64]
    var nonces: [String]
    var schoolIDs: [Int64]
    var cards: [String]
    var amounts: [Int64]
    var merchantAccountIDs: [Int64]
    var scopes: [String]
    var keys: [String]
    var memos: [String]
    var sealedSecrets: [String]
    var merchantIDs: [Int64]

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 12)
        bindings.append(ats)
        bindings.append(terminalIDs)
        bindings.append(nonces)
        bindings.append(schoolIDs)
        bindings.append(cards)
        bindings.append(amounts)
        bindings.append(merchantAccountIDs)
        bindings.append(scopes)
        bindings.append(keys)
        bindings.append(memos)
        bindings.append(sealedSecrets)
        bindings.append(merchantIDs)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Row.self)
    }
}

extension TerminalSpend {
    /// The batch split into chains of charges linked by a shared nonce, transaction or card, each
    /// chain in arrival order: charges of one chain must be settled one after another.
    static func conflictChains(_ items: [TerminalSpend.Item]) -> [[Int]] {
        var parent = Array(items.indices)
        func root(_ index: Int) -> Int {
            var index = index
            while parent[index] != index { index = parent[index] }
            return index
        }
        var firstHolder: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            let request = item.request
            for token in [
                "nonce \(request.terminal.id) \(request.nonce)", "key \(item.key.scope) \(item.key.key)",
                "card \(request.terminal.schoolID) \(request.card.rawValue)",
            ] {
                if let holder = firstHolder[token] { parent[root(index)] = root(holder) } else { firstHolder[token] = index }
            }
        }
        return Dictionary(grouping: items.indices, by: root).values.sorted { $0[0] < $1[0] }
    }
}
