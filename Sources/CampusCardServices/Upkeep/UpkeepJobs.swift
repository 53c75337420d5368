import CampusCardCore
import CampusCardStore
import Foundation
import Logging

/// Background upkeep every server process runs: roll hot accounts' entries up into their
/// balances, freeze leavers whose day has come, forget terminal nonces too old to matter, expired
/// cardholder sessions, payment codes, binding attempts and rate-limit counts that left their window, reconcile
/// top-ups with the channels (`TopUpReconciler`) and with yesterday's bills (`BillReconciliation`, claimed per school,
/// channel and day), and start, follow and renew auto top-ups (`AutoDebitWorker`). All are safe in several processes at once: a
/// roll-up locks its account row, a freeze is a conditional update, a purge deletes what nobody
/// needs. Each job runs on its own: one that fails is logged and tried again later, with a wait
/// that doubles while it keeps failing, and never stops the others.
public struct UpkeepJobs: Sendable {
    public struct Job: Sendable {
        public var name: String
        public var run: @Sendable (ServiceContext) async throws -> Void

        public init(name: String, run: @escaping @Sendable (ServiceContext) async throws -> Void) {
            (self.name, self.run) = (name, run)
        }
    }

    public var jobs: [Job]

    public init(jobs: [Job] = UpkeepJobs.standard) {
        self.jobs = jobs
    }

    public static let standard: [Job] = [
        Job(name: "hot-account roll-up") { try await HotAccountRollup($0.store).run() },
        Job(name: "graduate freeze") { _ = try await GraduateFreezer($0.store).run(now: $0.now) },
        Job(name: "terminal nonce purge") {
            try await TerminalSpend($0.store).purgeNonces(before: $0.now.addingTimeInterval(-2 * Double(TerminalSigning.maxSkewSeconds)))
        },
        Job(name: "spend refusal purge") {
            try await TerminalSpend($0.store).purgeRefusals(before: $0.now.addingTimeInterval(-TerminalSpend.refusalsKeptFor))
        },
        Job(name: "cardholder session purge") { try await CardholderSessions($0.store.sql).purge(before: $0.now) },
        Job(name: "payment code purge") { try await PaymentCodes($0.store).purge(before: $0.now.addingTimeInterval(-3600)) },
        Job(name: "top-up reconciliation") { try await TopUpReconciler($0).run() },
        Job(name: "T+1 bill check") { try await BillReconciliation($0).runDue() },
        Job(name: "auto top-up debits and renewals") { try await AutoDebitWorker($0).run() },
        Job(name: "auto top-up opening purge") { try await AutoTopUpOpenings($0.store).purge(before: $0.now) },
        Job(name: "face certification purge") {
            try await FaceCertifications($0.store).purge(before: $0.now.addingTimeInterval(-FaceCertifications.keptFor))
        },
        Job(name: "WeChat Pay platform certificates") { context in
            guard let access = context.channels?.weChatPay else { return }
            try await WeChatPayments(access: access, transport: context.transport).refreshCertificatesBeforeExpiry(at: context.now)
        },
        Job(name: "binding attempt purge") {
            try await BindingAttempts($0.store).purge(before: $0.now.addingTimeInterval(-AttemptLimit.binding.window))
        },
        Job(name: "rate limit purge") { try await RateLimiter($0.store).purge(before: $0.now) },
    ]

    /// Which jobs are waiting after failing, and until when. Only this process's pacing: a job
    /// skipped here is still run by the next pass or another process, so nothing depends on it.
    public struct Pacing: Sendable {
        var failures: [String: (count: Int, retryAt: Date)] = [:]

        public init() {}

        func isDue(_ job: String, at now: Date) -> Bool {
            failures[job].map { $0.retryAt <= now } ?? true
        }
    }

    /// One pass: every job that is due runs, in order; each failure is logged and counted alone.
    /// `context` is made afresh for each job, so each sees the time it starts at.
    public func runPass(
        _ pacing: inout Pacing, interval: TimeInterval, longestWait: TimeInterval = 300, context: () throws -> ServiceContext
    )
        async
    {
        for job in jobs {
            if Task.isCancelled { return }
            let now: Date
            let jobContext: ServiceContext
            do {
                jobContext = try context()
                now = jobContext.now
            } catch {
                // No database to run against (the server stopping): the next pass tries again.
                return
            }
            guard pacing.isDue(job.name, at: now) else { continue }
            do {
                try await job.run(jobContext)
                pacing.failures[job.name] = nil
            } catch {
                let count = (pacing.failures[job.name]?.count ?? 0) + 1
                let wait = min(longestWait, interval * pow(2, Double(min(count, 16) - 1)))
                pacing.failures[job.name] = (count, now.addingTimeInterval(wait))
                jobContext.logger.warning(
                    "upkeep job failed, will retry",
                    metadata: ["job": "\(job.name)", "failures": "\(count)", "retry_in_s": "\(Int(wait))", "reason": "\(error)"])
            }
        }
    }
}
