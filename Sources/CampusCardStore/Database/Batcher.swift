import Foundation

/// Calls that arrive while a batch is under way wait for the next one, which makes them all in
/// one go, each still checked and answered on its own. For writes this is group commit: one
/// transaction (one statement on PostgreSQL, a handful on SQLite) for many charges or payment
/// notices; for the terminal lookup every POS request starts with, one query for many. Sharing
/// the commits and the round trips is what lets the noon rush and a flood of notifications
/// through; nothing here is needed for correctness, which each batch's own transaction gives,
/// so several processes may each batch on one database.
public actor Batcher<Item: Sendable, Answer: Sendable> {
    public typealias Write = @Sendable ([Item]) async -> [Result<Answer, any Error>]

    private let write: Write
    private let maxBatch: Int
    private let maxInFlight: Int
    private var waiting: [(item: Item, answer: CheckedContinuation<Result<Answer, any Error>, Never>)] = []
    private var inFlight = 0

    /// `write` answers each item of a batch, in order; `maxInFlight` batches are written at once.
    public init(maxBatch: Int = 128, maxInFlight: Int, write: @escaping Write) {
        self.write = write
        self.maxBatch = maxBatch
        self.maxInFlight = maxInFlight
    }

    public func submit(_ item: Item) async -> Result<Answer, any Error> {
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
            let results = await write(batch.map(\.item))
            for (entry, result) in zip(batch, results) { entry.answer.resume(returning: result) }
            finished()
        }
    }

    private func finished() {
        inFlight -= 1
        startBatch()
    }
}
