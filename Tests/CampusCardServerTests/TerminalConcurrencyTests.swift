import CampusCardTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// Charges arriving together (batched into one commit on SQLite, one statement each on
/// PostgreSQL) are each answered on their own and applied at most once.
@Suite struct TerminalConcurrencyTests {
    @Test(arguments: Engine.available)
    func aRushOfChargesAgainstOnePurse(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            // given ¥100 on the card; when 30 charges of ¥5, 5 retries of one of them and a duplicated nonce arrive together
            var requests: [(String, HTTPHeaders)] = (0..<30).map { i in
                let body = TerminalRoutesTests.body(amount: "500", transaction: "R-\(i)")
                return (body, f.terminalHeaders(body: body))
            }
            let retried = TerminalRoutesTests.body(amount: "500", transaction: "R-0")
            requests += (0..<5).map { _ in (retried, f.terminalHeaders(body: retried)) }
            let twin = TerminalRoutesTests.body(amount: "500", transaction: "R-TWIN")
            let twinHeaders = f.terminalHeaders(body: twin, nonce: "twin-nonce-000001")
            requests += [(twin, twinHeaders), (twin, twinHeaders)]
            let responses = try await withThrowingTaskGroup(of: (String, HTTPStatus, String, Int64?).self) { group in
                for (body, headers) in requests {
                    group.addTask {
                        let res = try await f.send(.POST, TerminalRoutesTests.path, headers: headers, body: body)
                        return (body, res.status, res.errorCode, try? res.content.decode(Transfer.self).transfer_id)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // then exactly ¥100 was charged: 20 charges, each transaction id at most once
            let charged = Set(responses.filter { $0.1 == .created || $0.1 == .ok }.compactMap(\.3))
            #expect(charged.count == 20)
            #expect(responses.filter { $0.1 == .created }.count == 20)
            #expect(
                responses.filter { $0.1 == .conflict && $0.2 == "insufficient_balance" }.count >= 10,
                "\(responses.map { "\($0.1.code) \($0.2)" })")
            #expect(responses.filter { $0.2 == "request_replayed" }.count == 1)
            let audit = try await f.send(
                .GET, "api/v1/console/audit", headers: ["Authorization": "Bearer \(try await f.signIn("demo-admin"))"])
            #expect(try audit.content.decode(AuditBody.self).holds)
            let balance = try await f.app.store.sql.raw("SELECT balance FROM accounts WHERE label = 'purse:20260001'").first(
                decodingColumn: "balance", as: Int64.self)
            #expect(balance == 0)
        }
    }
}

extension TerminalConcurrencyTests {
    /// Sixteen tills charging two cards in turn: batches meet both purses in either order, and
    /// single charges meet batches; PostgreSQL's deadlocks must never reach a till as a 500.
    @Test(arguments: Engine.available)
    func sixteenTillsChargingTwoCardsInTurnAreEachAnswered(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            // given ¥100 and ¥35.50 on two cards
            let cards = ["20260001", "20220001"]
            // when 16 clients each charge them in turn, 1 fen at a time, 25 times
            let statuses = try await withThrowingTaskGroup(of: [(HTTPStatus, String)].self) { group in
                for client in 0..<16 {
                    group.addTask {
                        var seen: [(HTTPStatus, String)] = []
                        for i in 0..<25 {
                            let body = TerminalRoutesTests.body(card: cards[(client + i) % 2], amount: "1", transaction: "D-\(client)-\(i)")
                            let res = try await f.send(.POST, TerminalRoutesTests.path, headers: f.terminalHeaders(body: body), body: body)
                            seen.append((res.status, res.errorCode))
                        }
                        return seen
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            // then every charge is taken, none answered 500, and the ledger holds
            let failed = statuses.filter { $0.0 != .created }
            #expect(failed.isEmpty, "\(failed.count) not charged: \(failed.prefix(5).map { "\($0.0.code) \($0.1)" })")
            let audit = try await f.send(
                .GET, "api/v1/console/audit", headers: ["Authorization": "Bearer \(try await f.signIn("demo-admin"))"])
            #expect(try audit.content.decode(AuditBody.self).holds)
            let balances = try await f.app.store.sql.raw(
                "SELECT balance FROM accounts WHERE label IN ('purse:20260001', 'purse:20220001') ORDER BY label DESC"
            ).all().map { try $0.decode(column: "balance", as: Int64.self) }
            #expect(balances == [10_000 - 200, 3_550 - 200])
        }
    }
}

private struct Transfer: Decodable {
    var transfer_id: Int64
}
