import Foundation
import Synchronization
import Testing
import VaporTesting

@testable import CampusCardServer

/// Background work a stopping server waits for: cancelled, awaited, but not for ever.
@Suite struct BackgroundWorkTests {
    @Test func workThatStopsWhenCancelledIsWaitedFor() async {
        let finished = Flag()
        let work = Task {
            while (try? await Task.sleep(for: .seconds(60))) != nil {}
            finished.set()
        }
        #expect(await BackgroundWork.cancelAndWait([work], named: "test work", logger: Self.logger, upTo: .seconds(30)))
        #expect(finished.isSet)
    }

    @Test func workThatIgnoresCancellationIsGivenUpOnAtTheLimit() async {
        // given work that goes on for a minute whatever it is told
        let work = Task {
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                DispatchQueue.global().asyncAfter(deadline: .now() + 60) { done.resume() }
            }
        }
        let started = ContinuousClock.now
        // then the wait ends at its limit (however busy the machine, long before the minute),
        // saying the work has not ended
        #expect(await BackgroundWork.cancelAndWait([work], named: "test work", logger: Self.logger, upTo: .milliseconds(200)) == false)
        let waited = ContinuousClock.now - started
        #expect(waited >= .milliseconds(200) && waited < .seconds(40))
    }

    @Test func withNoWorkThereIsNothingToWaitFor() async {
        // a server that started no work has ended it all, even with no time to wait (the
        // timer once won the race on a starved executor and logged work that was never there)
        for _ in 0..<100 {
            #expect(await BackgroundWork.cancelAndWait([], named: "no work", logger: Self.logger, upTo: .zero))
        }
    }

    private static let logger = Logger(label: "BackgroundWorkTests")

    private final class Flag: Sendable {
        private let value = Mutex(false)
        func set() { value.withLock { $0 = true } }
        var isSet: Bool { value.withLock { $0 } }
    }
}
