import CampusCardTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite struct RecordRoutesTests {
    @Test(arguments: Engine.available)
    func staffSeeRecordsAStatementAndTheCanteensDayAndATerminalVoidsACharge(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            // given a charge of ¥12.50 and its void
            let spend = TerminalRoutesTests.body(transaction: "V-1")
            #expect(
                try await f.send(.POST, TerminalRoutesTests.path, headers: f.terminalHeaders(body: spend), body: spend).status == .created)
            let void = #"{"transaction_id":"V-1"}"#
            let voided = try await f.send(
                .POST, "api/v1/pos/voids", headers: f.terminalHeaders(body: void, path: "/api/v1/pos/voids"), body: void)
            #expect(voided.status == .ok)
            #expect(try voided.content.decode(Receipt.self).balance_after_fen == 10_000)
            let unknown = #"{"transaction_id":"NOPE"}"#
            #expect(
                try await f.send(
                    .POST, "api/v1/pos/voids", headers: f.terminalHeaders(body: unknown, path: "/api/v1/pos/voids"), body: unknown
                ).status == .notFound)
            // then the clerk sees three movements, newest first, and pages through them
            let clerk: HTTPHeaders = ["Authorization": "Bearer \(try await f.signIn("demo-clerk"))"]
            let page = try await f.send(.GET, "api/v1/console/cardholders/20260001/records?limit=2", headers: clerk).content.decode(
                Page.self)
            #expect(page.records.map(\.kind) == ["void", "spend"])
            #expect(page.records.map(\.amount_fen) == [1_250, -1_250])
            let older = try await f.send(
                .GET, "api/v1/console/cardholders/20260001/records?limit=2&before=\(page.next_before ?? 0)", headers: clerk
            )
            .content.decode(Page.self)
            #expect(older.records.map(\.kind) == ["top_up"] && older.next_before == nil)
            let bad = try await f.send(.GET, "api/v1/console/cardholders/20260001/records?kind=bribe", headers: clerk)
            #expect(bad.errorCode == "invalid_field")
            // a page size outside 1–200 is refused, not quietly clamped
            for limit in ["0", "201", "-5"] {
                let refused = try await f.send(.GET, "api/v1/console/cardholders/20260001/records?limit=\(limit)", headers: clerk)
                #expect(refused.status == .unprocessableEntity && refused.errorCode == "invalid_field", "limit=\(limit)")
            }
            #expect(try await f.send(.GET, "api/v1/console/cardholders/20260001/records?limit=200", headers: clerk).status == .ok)
            #expect(try await f.send(.GET, "api/v1/console/cardholders/00000000/records", headers: clerk).errorCode == "not_found")
            // the month's statement as CSV (the fixture's clock stands in September 2026)
            let statement = try await f.send(.GET, "api/v1/console/cardholders/20260001/statement?month=2026-09", headers: clerk)
            #expect(statement.headers.contentType?.subType == "csv")
            #expect(statement.body.string.split(separator: "\r\n").count == 4)
            #expect(statement.body.string.contains("消费撤销 void,12.50,100.00"))
            // and the canteen's day nets to zero
            let day = try await f.send(.GET, "api/v1/console/reports/merchants", headers: clerk).content.decode([Day].self)
            #expect(day.first?.spends == 1 && day.first?.voids == 1 && day.first?.net_fen == 0)
        }
    }
}

private struct Page: Decodable {
    struct Record: Decodable {
        var kind: String
        var amount_fen: Int64
    }
    var records: [Record]
    var next_before: Int64?
}

private struct Day: Decodable {
    var spends: Int
    var voids: Int
    var net_fen: Int64
}
