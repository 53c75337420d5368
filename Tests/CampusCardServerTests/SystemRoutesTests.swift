import CampusCardStore
import CampusCardTestSupport
import Foundation
import Testing
import VaporTesting

@Suite struct SystemRoutesTests {
    @Test(arguments: Engine.available)
    func healthMetricsAndTheAPIDescription(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let health = try await f.send(.GET, "healthz")
            #expect(health.status == .ok && health.body.string.contains("ok"))
            let metrics = try await f.send(.GET, "metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.body.string.contains(#"campuscard_http_responses_total{status="200"} 1"#))
            let openAPI = try await f.send(.GET, "openapi.json")
            let paths = (try JSONSerialization.jsonObject(with: Data(buffer: openAPI.body)) as? [String: Any])?["paths"] as? [String: Any]
            #expect(paths?.keys.contains("/api/v1/pos/spends") == true)
            #expect(paths?.keys.contains("/api/v1/console/audit") == true)
        }
    }

    @Test(arguments: Engine.available)
    func anUnknownPathIsACodedRefusal(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let res = try await f.send(.GET, "no/such/path")
            #expect(res.status == .notFound && res.errorCode == "not_found")
            let wrongMethod = try await f.send(.PUT, "healthz")
            #expect(wrongMethod.status == .methodNotAllowed && wrongMethod.errorCode == "method_not_allowed")
            #expect(wrongMethod.headers.first(name: .allow) == "GET")
        }
    }

    @Test(arguments: Engine.available)
    func aRequestAfterThePoolClosedIsToldTheDatabaseIsUnavailable(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            // given the database pool closed, as it may be while the server stops
            await f.app.databases.shutdownAsync()
            // when a request needs the database
            let res = try await f.send(.GET, "api/v1/h5/schools")
            // then it is a 503 that says nothing was done (Fluent's `req.db` crashed the process here)
            #expect(res.status == .serviceUnavailable && res.errorCode == "database_unavailable")
            #expect(res.headers.first(name: .retryAfter) == "5")
        }
    }

    @Test func aRequestThatCannotGetAConnectionInTimeIsToldTheSystemIsBusy() async throws {
        try await AppFixture.with(.sqlite, connectionWaitSeconds: 1) { f in
            // given every connection of every event loop held until the request has its answer
            // (held for a fixed time, a loaded machine could start the request after they were let go)
            let release = f.app.eventLoopGroup.any().makePromise(of: Void.self)
            var held: [EventLoopFuture<Void>] = []
            let res: TestingHTTPResponse
            do {
                defer { release.succeed() }
                for loop in f.app.eventLoopGroup.makeIterator() {
                    for _ in 0..<DatabaseLocation.sqliteConnectionsPerLoop {
                        held.append(try await Self.holdConnection(of: f.app, on: loop, until: release.futureResult))
                    }
                }
                // when a request needs the database
                res = try await f.send(.GET, "api/v1/h5/schools")
            }
            // then it is a 503 with a code and a time to retry, not a 500
            #expect(res.status == .serviceUnavailable)
            #expect(res.errorCode == "service_busy")
            #expect(res.headers.first(name: .retryAfter) == "5")
            for future in held { try await future.get() }
        }
    }

    /// Takes one connection from `loop`'s pool and keeps it until `release`; returns once it is
    /// taken. Opening a connection on a loaded machine can outlast the pool's one-second wait: then
    /// it asks again, and finds the connection it opened meanwhile waiting in the pool.
    private static func holdConnection(
        of app: Application, on loop: any EventLoop, until release: EventLoopFuture<Void>
    ) async throws -> EventLoopFuture<Void> {
        var attempts = 0
        while true {
            let taken = loop.makePromise(of: Void.self)
            let held = app.databases.database(logger: app.logger, on: loop)!.withConnection { _ in
                taken.succeed()
                return release.hop(to: loop)
            }
            held.whenFailure { taken.fail($0) }
            do {
                try await taken.futureResult.get()
                return held
            } catch {
                attempts += 1
                if attempts == 5 { throw error }
            }
        }
    }
}
