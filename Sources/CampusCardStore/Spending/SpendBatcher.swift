import CampusCardCore
import Foundation

/// Group commit for terminal charges: charges that arrive while a batch is being written wait
/// for the next one, which writes them all in one transaction (one statement on PostgreSQL, a
/// handful on SQLite), each still checked and answered on its own. Sharing the commit and the
/// round trips is what lets the noon rush through; nothing here is needed for correctness, which
/// the database's transaction gives, so several processes may each batch on one database.
public actor SpendBatcher {
    struct Item: Sendable {
        var request: TerminalSpendRequest
        var key: IdempotencyKey
        var at: Date
    }

    private let db: StoreDatabase
    private let maxBatch: Int
    private let maxInFlight: Int
    private var waiting: [(item: Item, answer: CheckedContinuation<Result<TransferReceipt, any Error>, Never>)] = []
    private var inFlight = 0

    /// `maxInFlight` batches are written at once: one on SQLite (one writer), a few on PostgreSQL.
    public init(_ db: StoreDatabase, maxBatch: Int = 128, maxInFlight: Int) {
        self.db = db
        self.maxBatch = maxBatch
        self.maxInFlight = maxInFlight
    }

    func charge(_ item: Item) async -> Result<TransferReceipt, any Error> {
        await withCheckedContinuation { answer in
            waiting.append((item, answer))
            startBatch()
        }
    }

    private func startBatch() {
        guard inFlight < maxInFlight, !waiting.isEmpty else { return }
        let batch = Array(waiting.prefix(maxBatch))
        waiting.removeFirst(batch.count)
        inFlight += 1
        Task {
            let results = await TerminalSpend(db).chargeTogether(batch.map(\.item))
            for (entry, result) in zip(batch, results) { entry.answer.resume(returning: result) }
            finished()
        }
    }

    private func finished() {
        inFlight -= 1
        startBatch()
    }
}
