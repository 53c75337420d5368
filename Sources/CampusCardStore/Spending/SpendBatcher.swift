import CampusCardCore
import Foundation

/// Group commit for terminal charges: charges that arrive while a batch is being written wait
/// for the next one, which writes them all in one transaction (each in its own savepoint, each
/// answered on its own). SQLite has one writer and pays a file sync per commit, so sharing the
/// commit is what lets the noon rush through; nothing here is needed for correctness, which the
/// database's transaction gives, so several processes may each batch on one database.
public actor SpendBatcher {
    struct Item: Sendable {
        var request: TerminalSpendRequest
        var key: IdempotencyKey
        var at: Date
    }

    private let db: StoreDatabase
    private let maxBatch: Int
    private var waiting: [(item: Item, answer: CheckedContinuation<Result<TransferReceipt, any Error>, Never>)] = []
    private var writing = false

    public init(_ db: StoreDatabase, maxBatch: Int = 128) {
        self.db = db
        self.maxBatch = maxBatch
    }

    func charge(_ request: TerminalSpendRequest, key: IdempotencyKey, at: Date) async -> Result<TransferReceipt, any Error> {
        await withCheckedContinuation { answer in
            waiting.append((Item(request: request, key: key, at: at), answer))
            if !writing {
                writing = true
                Task { await writeBatches() }
            }
        }
    }

    private func writeBatches() async {
        while !waiting.isEmpty {
            let batch = Array(waiting.prefix(maxBatch))
            waiting.removeFirst(batch.count)
            let results: [Result<TransferReceipt, any Error>]
            do {
                results = try await TerminalSpend(db).chargeBatch(batch.map(\.item))
            } catch {
                // Nothing of the batch was committed: each charge is told so, and may be retried.
                results = Array(repeating: .failure(error), count: batch.count)
            }
            for (entry, result) in zip(batch, results) { entry.answer.resume(returning: result) }
        }
        writing = false
    }
}
