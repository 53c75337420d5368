import CampusCardCore
import Foundation
import SQLKit

/// SQLite's group commit, set-based: a batch of charges in a handful of statements however many
/// charges it holds, each parsed and planned once per batch (the writer runs them on its own
/// thread, `SQLiteWriter`; a statement was once a trip to a worker thread and back, and those
/// trips, not the database, were the cost). Inside `BEGIN IMMEDIATE` this process is the only
/// writer, so the purses read at the start are the purses at the end: each charge is checked
/// against the balance left by the charges before it, and the purse table's own check (never
/// below zero) still guards every row. Whatever the batch cannot settle alone (a retry, a
/// refusal, a stopped card) takes the single-charge steps afterwards, in the same transaction.
extension TerminalSpend {
    func chargeBatchSetBased(_ items: [TerminalSpend.Item]) async throws -> [Result<TransferReceipt, any Error>] {
        try await db.transaction { sql in
            var results = [Result<TransferReceipt, any Error>?](repeating: nil, count: items.count)
            // 1. Nonces, claimed only where the terminal is still as the request found it. A nonce
            //    not claimed was seen before (in the database or earlier in this batch), or its
            //    terminal changed: the rare case asks which.
            let asked = SQLList(
                items.map { item in
                    let terminal = item.request.terminal
                    return SQLGroupExpression([
                        SQLBind(terminal.id), SQLBind(item.request.nonce), SQLBind(item.at.epochMilliseconds),
                        SQLBind(terminal.sealedSecret),
                        SQLBind(terminal.schoolID), SQLBind(terminal.merchant.id),
                    ])
                })
            var claimed = Set<String>()
            for row in try await sql.raw(
                """
                INSERT INTO terminal_nonces (terminal_id, nonce, at_ms)
                SELECT v.column1, v.column2, v.column3 FROM (VALUES \(asked)) AS v
                    JOIN terminals t ON t.id = v.column1 AND t.status = 'active' AND t.sealed_secret = v.column4
                        AND t.school_id = v.column5 AND t.merchant_id = v.column6
                WHERE true ON CONFLICT (terminal_id, nonce) DO NOTHING RETURNING terminal_id, nonce
                """
            ).all() {
                claimed.insert(
                    "\(try row.decode(column: "terminal_id", as: Int64.self))/\(try row.decode(column: "nonce", as: String.self))")
            }
            for (index, item) in items.enumerated() where claimed.remove("\(item.request.terminal.id)/\(item.request.nonce)") == nil {
                results[index] = .failure(
                    try await item.request.terminal.isCurrent(on: sql) ? CardError.requestReplayed : CardError.terminalChanged)
            }
            // 2. Cards with their purses, keys already used: read once for the whole batch.
            let open = items.indices.filter { results[$0] == nil }
            let contexts = try await ChargeContext.read(
                open.map { (items[$0].request.terminal, items[$0].request.card, items[$0].key, items[$0].request.transactionID) }, on: sql)
            var purses: [AccountID: (balance: Int64, seq: Int64)] = [:]
            for context in contexts {
                if let card = context.card, let balance = context.purseBalance, let seq = context.purseSeq {
                    purses[card.purse.id] = (balance, seq)
                }
            }
            // 3. In order, each charge against what the charges before it left, numbered after them.
            var charged: [(index: Int, purse: LedgerAccount, after: (balance: Int64, seq: Int64))] = []
            var keysInBatch = Set<IdempotencyKey>()
            var leftover: [Int] = []
            for (index, context) in zip(open, contexts) {
                let item = items[index]
                // The key is taken first: a later charge with it waits for this one's answer (a refusal is kept).
                let firstWithKey = keysInBatch.insert(item.key).inserted
                guard firstWithKey, let card = context.card, card.status == .active, !context.keyPosted, !context.refused,
                    let before = purses[card.purse.id], before.balance >= item.request.amount.fen
                else {
                    leftover.append(index)
                    continue
                }
                let after = (balance: before.balance - item.request.amount.fen, seq: before.seq + 1)
                purses[card.purse.id] = after
                charged.append((index, card.purse, after))
            }
            // 4. Write what was charged: purse balances and counts, then transfers with their
            //    entries (and the canteens' balances, see `insertPosted`).
            if !charged.isEmpty {
                let moved = Set(charged.map(\.purse.id))
                try await LedgerStore(sql).setPurses(purses.filter { moved.contains($0.key) })
                let transfers = try charged.map { entry in
                    let item = items[entry.index]
                    return try TransferRequest(
                        kind: .spend, from: entry.purse, to: item.request.terminal.merchant.account, amount: item.request.amount,
                        key: item.key,
                        memo: item.request.terminal.merchant.name)
                }
                let receipts = try await LedgerStore(sql).insertPosted(
                    zip(transfers, charged).map { ($0, items[$1.index].request.terminal.schoolID, items[$1.index].at, $1.after) })
                for (entry, receipt) in zip(charged, receipts) { results[entry.index] = .success(receipt) }
            }
            // 5. The rest, one by one, now that the batch's charges are written.
            for index in leftover {
                do {
                    results[index] = try await Self.settle(items[index].request, key: items[index].key, at: items[index].at, on: sql)
                        .mapError { $0 }
                } catch let refusal as CardError {
                    results[index] = .failure(refusal)
                }
            }
            return results.map { $0 ?? .failure(CardError.internalError) }
        }
    }
}
