import Synchronization
import Vapor

/// Work a server runs beside its requests (the upkeep, the sandbox's notifications). A server
/// stopping waits for it, so nothing touches the database once it closes, but not for ever: work
/// whose database stopped with the server once never returned and kept the process alive.
public enum BackgroundWork {
    public static let shutdownWait = Duration.seconds(10)

    /// Cancels `tasks` and waits for them to end, but not past `limit`: true once they all have;
    /// when it gives up it says so in the log, naming the work.
    @discardableResult
    public static func cancelAndWait(
        _ tasks: [Task<Void, Never>], named work: String, logger: Logger, upTo limit: Duration = shutdownWait
    ) async -> Bool {
        // No timer when nothing runs: on a starved executor it could fire before the check that
        // all ended, and log work that was never there.
        guard !tasks.isEmpty else { return true }
        for task in tasks { task.cancel() }
        // Two racing tasks, not a task group: a group would wait for work that ignores cancellation.
        let ended = await withCheckedContinuation { continuation in
            let answer = FirstAnswer(continuation)
            let timer = Task {
                try? await Task.sleep(for: limit)
                answer.give(false)
            }
            Task {
                for task in tasks { await task.value }
                timer.cancel()
                answer.give(true)
            }
        }
        if !ended { logger.warning("\(work) still running \(limit) after the server began to stop: no longer waiting for it") }
        return ended
    }

    /// Resumes its continuation with the first value given; later ones are ignored.
    private final class FirstAnswer: Sendable {
        private let continuation: Mutex<CheckedContinuation<Bool, Never>?>
        init(_ continuation: CheckedContinuation<Bool, Never>) { self.continuation = Mutex(continuation) }
        func give(_ value: Bool) { continuation.withLock { $0.take() }?.resume(returning: value) }
    }
}
