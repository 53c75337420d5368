import CampusCardCore
import CampusCardDemo
import CampusCardServices
import CampusCardStore
import CampusCardTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// `GET /api/v1/pos/spends/{transaction_id}`: a terminal that lost the answer asks what became of
/// its transaction id, signed as its charges are.
@Suite struct SpendStatusRoutesTests {
    struct Status: Decodable {
        struct Spend: Decodable {
            var transaction_id: String
            var transfer_id: Int64
            var amount_fen: Int64
            var balance_after_fen: Int64?
        }
        var status: String
        var transaction_id: String
        var spend: Spend?
        var voided: Bool?
        var refusal: ErrorBody?
    }

    struct Refusal: Decodable, Equatable {
        var code: String
        var message_zh: String
        var message_en: String
        var details: [String: String]
    }

    static func ask(
        _ f: AppFixture, _ transactionID: String, terminal: String? = nil, secret: String? = nil, nonce: String = UUID().uuidString,
        timestamp: Date = AppFixture.now
    ) async throws -> TestingHTTPResponse {
        let path = "/api/v1/pos/spends/\(transactionID)"
        return try await f.send(
            .GET, String(path.dropFirst()),
            headers: f.terminalHeaders(
                body: "", timestamp: timestamp, nonce: nonce, secret: secret, terminal: terminal, path: path, method: .GET))
    }

    @Test(arguments: Engine.available)
    func aTerminalLearnsWhatBecameOfItsTransactionAndNoOtherTerminalDoes(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            // given a charge of ¥12.50
            let body = TerminalRoutesTests.body(transaction: "T-LOST-1")
            let charged = try await f.send(.POST, TerminalRoutesTests.path, headers: f.terminalHeaders(body: body), body: body)
            #expect(charged.status == .created)
            // when the terminal asks about it
            let asked = try await Self.ask(f, "T-LOST-1", nonce: "nonce-status-0001")
            // then it is charged, as first answered
            #expect(asked.status == .ok)
            let status = try asked.content.decode(Status.self)
            #expect(status.status == "charged" && status.transaction_id == "T-LOST-1" && status.voided == false)
            #expect(
                status.spend?.amount_fen == 1_250 && status.spend?.balance_after_fen == 8_750 && status.spend?.transaction_id == "T-LOST-1")
            // the same signed question again is a replay
            let replayed = try await Self.ask(f, "T-LOST-1", nonce: "nonce-status-0001")
            #expect(replayed.status == .conflict && replayed.errorCode == "request_replayed")
            // a transaction id never sent is unknown: 404 with a stable code
            let unknown = try await Self.ask(f, "T-NEVER")
            #expect(unknown.status == .notFound && unknown.errorCode == "unknown_transaction")
            // a bad signature learns nothing
            let forged = try await Self.ask(f, "T-LOST-1", secret: "not-the-secret")
            #expect(forged.status == .unauthorized && forged.errorCode == "signature_invalid")
            // after a void the charge says so
            let void = #"{"transaction_id":"T-LOST-1"}"#
            let voided = try await f.send(
                .POST, "api/v1/pos/voids", headers: f.terminalHeaders(body: void, path: "/api/v1/pos/voids"), body: void)
            #expect(voided.status == .ok)
            #expect(try await Self.ask(f, "T-LOST-1").content.decode(Status.self).voided == true)
            // another canteen's terminal asking the same id is told nothing of it
            let admin: HTTPHeaders = ["Authorization": "Bearer \(try await f.signIn("demo-admin"))"]
            let merchant = try await f.send(
                .POST, "api/v1/console/merchants", headers: admin, body: #"{"code":"CANTEEN2","name":"第二食堂"}"#)
            #expect(merchant.status == .created)
            let made = try await f.send(
                .POST, "api/v1/console/terminals", headers: admin, body: #"{"code":"POS-DEMO-2","merchant":"CANTEEN2"}"#)
            let other = try made.content.decode(OnboardingRoutesTests.IssuedTerminal.self)
            let elsewhere = try await Self.ask(f, "T-LOST-1", terminal: "POS-DEMO-2", secret: other.secret)
            #expect(elsewhere.status == .notFound && elsewhere.errorCode == "unknown_transaction")
        }
    }

    @Test(arguments: Engine.available)
    func everyRecordCarriesTheTransactionOrTheOrderItCameFrom(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            // given a charge
            let body = TerminalRoutesTests.body(transaction: "T-REC-1")
            #expect(
                try await f.send(.POST, TerminalRoutesTests.path, headers: f.terminalHeaders(body: body), body: body).status == .created)
            // when the service center reads the records
            let clerk: HTTPHeaders = ["Authorization": "Bearer \(try await f.signIn("demo-clerk"))"]
            let page = try await f.send(.GET, "api/v1/console/cardholders/20260001/records", headers: clerk)
            struct Page: Decodable {
                struct Record: Decodable {
                    var kind: String
                    var transaction_id: String?
                    var order_no: String?
                }
                var records: [Record]
            }
            // then the spend names the terminal's transaction id
            let records = try page.content.decode(Page.self).records
            #expect(records.first?.kind == "spend" && records.first?.transaction_id == "T-REC-1" && records.first?.order_no == nil)
        }
    }

    @Test(arguments: Engine.available)
    func aRefusedSpendIsAnsweredAsFirstForADayAndNeverChargedLater(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            // given ¥150 refused on a card holding ¥100
            let body = TerminalRoutesTests.body(amount: "15000", transaction: "T-DECLINED")
            let refused = try await f.send(.POST, TerminalRoutesTests.path, headers: f.terminalHeaders(body: body), body: body)
            #expect(refused.status == .conflict && refused.errorCode == "insufficient_balance")
            // when the purse is topped up by ¥100 and the till retries the same transaction id an hour later
            try await TerminalRoutesTests.topUpDemoCard(f, key: "after-the-refusal")
            f.clock.advance(3_600)
            let retried = try await f.send(
                .POST, TerminalRoutesTests.path, headers: f.terminalHeaders(body: body, timestamp: f.clock.now), body: body)
            // then it gets the first answer, word for word, and nothing is charged
            #expect(retried.status == .conflict)
            #expect(try retried.content.decode(Refusal.self) == refused.content.decode(Refusal.self))
            #expect(try await f.transferCount() == 3)
            // and the terminal asking about it hears the refusal
            let asked = try await Self.ask(f, "T-DECLINED", timestamp: f.clock.now)
            let status = try asked.content.decode(Status.self)
            #expect(
                asked.status == .ok && status.status == "refused" && status.refusal?.code == "insufficient_balance" && status.spend == nil)
            // when a day has passed and the upkeep has run, the refusal is forgotten
            f.clock.advance(24 * 3_600)
            var pacing = UpkeepJobs.Pacing()
            await UpkeepJobs(jobs: UpkeepJobs.standard.filter { $0.name == "spend refusal purge" }).runPass(&pacing, interval: 5) {
                try f.services()
            }
            let forgotten = try await Self.ask(f, "T-DECLINED", timestamp: f.clock.now)
            #expect(forgotten.status == .notFound && forgotten.errorCode == "unknown_transaction")
        }
    }

    @Test func theRouteIsInTheOpenAPIDocument() async throws {
        try await AppFixture.with(.sqlite) { f in
            let document = try await f.send(.GET, "openapi.json").body.string
            #expect(
                document.contains(#""\/api\/v1\/pos\/spends\/{transaction_id}""#)
                    || document.contains(#""/api/v1/pos/spends/{transaction_id}""#))
            #expect(document.contains("unknown_transaction"))
        }
    }
}
