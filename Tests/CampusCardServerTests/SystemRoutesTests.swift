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
            // given every connection of every event loop held by something slow
            let loops = Array(f.app.eventLoopGroup.makeIterator())
            let held = loops.flatMap { loop in
                (0..<DatabaseLocation.sqliteConnectionsPerLoop).map { _ in
                    f.app.databases.database(logger: f.app.logger, on: loop)!.withConnection { connection in
                        connection.eventLoop.scheduleTask(in: .seconds(3)) {}.futureResult
                    }
                }
            }
            // when a request needs the database
            let res = try await f.send(.GET, "api/v1/h5/schools")
            // then it is a 503 with a code and a time to retry, not a 500
            #expect(res.status == .serviceUnavailable)
            #expect(res.errorCode == "service_busy")
            #expect(res.headers.first(name: .retryAfter) == "5")
            for future in held { try await future.get() }
        }
    }
}
