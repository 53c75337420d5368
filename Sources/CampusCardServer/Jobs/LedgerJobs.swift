import CampusCardCore
import CampusCardStore
import Foundation
import Synchronization
import Vapor

/// Background upkeep every server process runs: roll hot accounts' entries up into their
/// balances, freeze leavers whose day has come, forget terminal nonces too old to matter, expired cardholder
/// sessions and binding attempts that left their window, and reconcile top-ups with the channels
/// (`TopUpReconciler`). All
/// are safe in several processes at once: a roll-up locks its account row, a freeze is a
/// conditional update, a purge deletes what nobody needs.
struct LedgerJobs: LifecycleHandler {
    let interval: Duration
    private let task = TaskBox()

    func didBootAsync(_ app: Application) async throws {
        let interval = interval
        task.set(
            Task.detached {
                // A sleep cut short means the server is stopping: no pass against a closing database.
                while (try? await Task.sleep(for: interval)) != nil {
                    do {
                        try await HotAccountRollup(app.store).run()
                        try await GraduateFreezer(app.store).run(now: app.clock.now())
                        let now = app.clock.now()
                        try await TerminalSpend(app.store).purgeNonces(
                            before: now.addingTimeInterval(-2 * Double(TerminalSigning.maxSkewSeconds)))
                        try await CardholderSessions(app.store.sql).purge(before: now)
                        try await PaymentCodes(app.store).purge(before: now.addingTimeInterval(-3600))
                        try await TopUpReconciler(application: app).run(now: now)
                        try await BindingAttempts(app.store).purge(before: now.addingTimeInterval(-AttemptLimit.binding.window))
                    } catch {
                        app.logger.warning("ledger upkeep failed, will retry: \(error)")
                    }
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
