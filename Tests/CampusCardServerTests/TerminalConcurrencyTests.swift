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

private struct Transfer: Decodable {
    var transfer_id: Int64
}
