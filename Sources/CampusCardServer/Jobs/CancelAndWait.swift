import Foundation

/// Cancels `tasks` and waits for them to end, but not past `limit`: true once they all have.
/// A server stopping waits for its background work, so nothing touches the database once it
/// closes, but not for ever: work whose database stopped with the server once never returned
/// and kept the process alive.
func cancelAndWait(_ tasks: [Task<Void, Never>], upTo limit: Duration) async -> Bool {
    for task in tasks { task.cancel() }
    return await withCheckedContinuation { continuation in
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
}

/// Resumes its continuation with the first value given; later ones are ignored.
private final class FirstAnswer: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Bool, Never>?
    init(_ continuation: CheckedContinuation<Bool, Never>) { self.continuation = continuation }
    func give(_ value: Bool) {
        lock.withLock {
            defer { continuation = nil }
            return continuation
        }?.resume(returning: value)
    }
}
