import CampusCardServices
import Foundation
import Synchronization
import Vapor

/// Runs the upkeep (`UpkeepJobs`) every `interval` seconds beside the requests: each job on its
/// own, a failing one logged and retried later without stopping the others.
struct LedgerJobs: LifecycleHandler {
    let interval: Int
    private let task = TaskBox()

    func didBootAsync(_ app: Application) async throws {
        let interval = interval
        task.set(
            Task.detached {
                var pacing = UpkeepJobs.Pacing()
                // A sleep cut short means the server is stopping: no pass against a closing database.
                while (try? await Task.sleep(for: .seconds(interval))) != nil {
                    await UpkeepJobs().runPass(&pacing, interval: TimeInterval(interval)) { try app.services(logger: app.logger) }
                }
            })
    }

    /// Waits for a pass under way to finish, for a while (`BackgroundWork`). Each step is its own
    /// transaction, so a pass given up on leaves nothing half-written.
    func shutdownAsync(_ app: Application) async {
        await BackgroundWork.cancelAndWait(task.tasks, named: "ledger upkeep", logger: app.logger)
    }

    final class TaskBox: Sendable {
        private let task = Mutex<Task<Void, Never>?>(nil)
        func set(_ task: Task<Void, Never>) { self.task.withLock { $0 = task } }
        var tasks: [Task<Void, Never>] { task.withLock { $0.map { [$0] } ?? [] } }
    }
}
