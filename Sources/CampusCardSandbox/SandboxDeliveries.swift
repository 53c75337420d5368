import CampusCardServer
import Foundation
import Vapor

/// The notifications the sandbox is still sending from this application: cancelled and awaited
/// for a while (`BackgroundWork`) when it shuts down, so none touches a closed database.
final class SandboxDeliveries: LifecycleHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var tasks: [UUID: Task<Void, Never>] = [:]
    private var stopped = false

    func start(_ work: @escaping @Sendable () async -> Void) {
        let id = UUID()
        lock.withLock {
            guard !stopped else { return }
            tasks[id] = Task.detached { [weak self] in
                await work()
                self?.finished(id)
            }
        }
    }

    private func finished(_ id: UUID) {
        _ = lock.withLock { tasks.removeValue(forKey: id) }
    }

    func shutdownAsync(_ application: Application) async {
        let running = lock.withLock {
            stopped = true
            return Array(tasks.values)
        }
        await BackgroundWork.cancelAndWait(running, named: "sandbox notifications", logger: application.logger)
    }
}

extension Application {
    private struct SandboxDeliveriesKey: StorageKey {
        typealias Value = SandboxDeliveries
    }

    /// Set where the sandbox is mounted.
    var sandboxDeliveries: SandboxDeliveries? {
        get { storage[SandboxDeliveriesKey.self] }
        set { storage[SandboxDeliveriesKey.self] = newValue }
    }
}

extension SandboxGateway {
    /// The routes under the sandbox's base path.
    func mounted(on routes: any RoutesBuilder) -> any RoutesBuilder {
        routes.grouped(basePath.split(separator: "/").map { PathComponent(stringLiteral: String($0)) })
    }
}
