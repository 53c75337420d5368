import CampusCardCore
import CampusCardServer
import CampusCardServices
import CampusCardStore
import CampusCardTestSupport
import Foundation
import SQLKit
import Synchronization
import Testing

/// One thing failing in the upkeep never stops the rest: a channel that cannot answer about one
/// order, or a job that throws.
@Suite struct UpkeepIsolationTests {
    /// The sandbox as the server reaches it, except that every call about `order` gets garbage.
    final class GarbageFor: ChannelTransport {
        let order: String
        let inner: any ChannelTransport
        let asked = Mutex(0)

        init(order: String, inner: any ChannelTransport) {
            (self.order, self.inner) = (order, inner)
        }

        func send(_ call: ChannelCall) async throws -> ChannelAnswer {
            guard String(decoding: call.body ?? Data(), as: UTF8.self).contains(order) else { return try await inner.send(call) }
            asked.withLock { $0 += 1 }
            return ChannelAnswer(status: 502, body: Data("<html>Bad Gateway</html>".utf8))
        }
    }

    @Test(arguments: Engine.available)
    func aChannelFailingForOneOrderIsAskedLaterAndTheOrdersAfterItAreStillCredited(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            // given two paid orders whose notifications were lost, the first one the channel cannot answer about
            let (phone, binding) = try await TopUpRoutesTests.boundPhone(f)
            func paidOrder(_ key: String, _ amount: String) async throws -> String {
                let order = try await phone.send(
                    .POST, "bindings/\(binding)/top-ups", ["kind": "custom", "amount": amount, "request_id": key]
                ).content.decode(TopUpRoutesTests.OrderBody.self)
                #expect(try await f.send(.POST, "sandbox/alipay/trades/\(order.order_no)/pay?notify=false").status == .ok)
                return order.order_no
            }
            let stuck = try await paidOrder("stuck", "100")
            let later = try await paidOrder("later", "30")
            f.clock.advance(6 * 60)
            var context = try f.services()
            let failing = GarbageFor(order: stuck, inner: context.transport)
            context.transport = failing
            // when the reconciler runs
            try await TopUpReconciler(context).run()
            // then the later order is credited, the stuck one waits for its next try
            #expect(try await TopUpRoutesTests.waitForStatus(phone, binding, later, "credited").status == "credited")
            #expect(try await status(of: stuck, f) == "awaiting_payment")
            #expect(failing.asked.withLock { $0 } == 1)
            // and a pass before its wait is over does not ask about it again
            f.clock.advance(10)
            context.now = f.clock.now
            try await TopUpReconciler(context).run()
            #expect(failing.asked.withLock { $0 } == 1)
            // once the channel answers again and the wait is over, it is credited too
            f.clock.advance(30)
            try await TopUpReconciler(f.services()).run()
            #expect(try await status(of: stuck, f) == "credited")
            let card = try await phone.send(.GET, "bindings/\(binding)").content.decode(BindingBody.self)
            #expect(card.balance_fen == 10_000 + 13_000)
        }
    }

    @Test(arguments: Engine.available)
    func aFailingJobIsRetriedOnItsOwnAndTheJobsAfterItStillRun(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            // given a job that always fails before one that counts its runs
            let runs = Mutex(0)
            let failures = Mutex(0)
            let upkeep = UpkeepJobs(jobs: [
                .init(name: "always failing") { _ in
                    failures.withLock { $0 += 1 }
                    throw CardError.internalError
                },
                .init(name: "counting") { _ in runs.withLock { $0 += 1 } },
            ])
            var pacing = UpkeepJobs.Pacing()
            // when two passes run one interval apart, and a third two intervals later
            await upkeep.runPass(&pacing, interval: 5) { try f.services() }
            f.clock.advance(5)
            await upkeep.runPass(&pacing, interval: 5) { try f.services() }
            f.clock.advance(5)
            await upkeep.runPass(&pacing, interval: 5) { try f.services() }
            // then the counting job ran every pass, and the failing one was tried again after 5 s,
            // then put off for 10 s
            #expect(runs.withLock { $0 } == 3)
            #expect(failures.withLock { $0 } == 2)
            f.clock.advance(5)
            await upkeep.runPass(&pacing, interval: 5) { try f.services() }
            #expect(failures.withLock { $0 } == 3)
            #expect(runs.withLock { $0 } == 4)
        }
    }

    private func status(of order: String, _ f: AppFixture) async throws -> String {
        try await f.app.store.sql.raw("SELECT status FROM topup_orders WHERE order_no = \(bind: order)").first(
            decodingColumn: "status", as: String.self) ?? ""
    }
}
