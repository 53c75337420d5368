import CampusCardCore
import CampusCardTestSupport
import Testing
import Vapor

@testable import CampusCardServer

/// The wire status of each refusal is the server's choice, made in one place.
@Suite struct CardErrorStatusTests {
    @Test func brokenLedgerDataIsTheServersFailureNotTheCallersNotFound() {
        #expect(CardError.Code.ledgerInconsistent.httpStatus == .internalServerError)
        #expect(CardError.Code.unknownCard.httpStatus == .notFound)
    }

    @Test func everyCallersMistakeIsA4xxAndOnlyOurOwnFailuresAre5xx() {
        let ours: Set<CardError.Code> = [
            .internalError, .ledgerInconsistent, .paymentChannelUnavailable, .faceVerificationUnavailable, .underMaintenance, .serviceBusy,
            .databaseUnavailable, .billUnavailable,
        ]
        for code in CardError.Code.allCases {
            let status = code.httpStatus.code
            #expect(ours.contains(code) ? status >= 500 : (400..<500).contains(status), "\(code.rawValue) → \(status)")
        }
    }
}

extension CardErrorStatusTests {
    /// A transaction PostgreSQL kept aborting as a deadlock's victim, past its retries, is answered
    /// "busy, nothing was done, try again in a while", never a 500.
    @Test(.enabled(if: Engine.postgresURL != nil)) func aDeadlockOutlastingItsRetriesIsServiceBusyWithRetryAfter() async throws {
        // given the error a transaction ends with when its last try too was a deadlock's victim
        let deadlock: (any Error)? = try await TestDatabase.with(.postgres) { test in
            try await test.connect { runtime in
                await #expect(throws: (any Error).self) {
                    try await runtime.database.transaction { sql in
                        try await sql.raw("DO $$ BEGIN RAISE EXCEPTION 'deadlock' USING ERRCODE = 'deadlock_detected'; END $$").run()
                    }
                }
            }
        }
        let error = try #require(deadlock)
        // when it reaches the API's error middleware
        let app = try await Application.make(.testing)
        let response = try await CardErrorMiddleware().respond(
            to: Request(application: app, on: app.eventLoopGroup.next()), chainingTo: Failing(error: error))
        try await app.asyncShutdown()
        // then the answer is 503 service_busy, bilingual, with when to try again
        #expect(response.status == .serviceUnavailable)
        #expect(response.headers.first(name: .retryAfter) == CardError.serviceBusy.details["retry_after_seconds"])
        let body = try JSONDecoder().decode(CardErrorDTO.self, from: Data(buffer: response.body.buffer ?? ByteBuffer()))
        #expect(body.code == "service_busy" && !body.message_zh.isEmpty && !body.message_en.isEmpty)
    }

    private struct Failing: AsyncResponder {
        let error: any Error

        func respond(to request: Request) async throws -> Response { throw error }
    }
}
