import CampusCardCore
import CampusCardStore
import Foundation
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
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
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

    /// Waits for a run under way to finish, so nothing touches the database once it closes.
    func shutdownAsync(_ app: Application) async {
        await task.cancelAndWait()
    }

    final class TaskBox: @unchecked Sendable {
        private let lock = NSLock()
        private var task: Task<Void, Never>?
        func set(_ task: Task<Void, Never>) { lock.withLock { self.task = task } }
        func cancelAndWait() async {
            let running = lock.withLock { task }
            running?.cancel()
            await running?.value
        }
    }
}
