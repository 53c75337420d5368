import CampusCardCore
import CampusCardTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// Secrets never reach the log: a full run at trace level, then the log is searched for each one.
@Suite struct SecretsLogTests {
    @Test(arguments: Engine.available)
    func aFullRunLogsNoPasswordTokenKeyOrIDDigits(engine: Engine) async throws {
        let logs = CapturedLog()
        try await AppFixture.with(engine, logs: logs) { f in
            // staff sign in with their passwords
            let clerkToken = try await f.signIn("demo-clerk")
            let adminToken = try await f.signIn("demo-admin")
            // the student binds with the initial password (the last six digits of the ID card) and
            // sets a payment password
            let (phone, binding) = try await TopUpRoutesTests.boundPhone(f)
            #expect(!phone.token.isEmpty && !clerkToken.isEmpty && !adminToken.isEmpty)
            // a terminal charges the card, signed with its secret
            let spend = TerminalRoutesTests.body(amount: "300", transaction: "S-1")
            let charged = try await f.send(.POST, TerminalRoutesTests.path, headers: f.terminalHeaders(body: spend), body: spend)
            #expect(charged.status == .created)
            // the student tops up through Alipay, whose notification credits it
            let order = try await phone.send(.POST, "bindings/\(binding)/top-ups", ["kind": "quick", "amount": "50", "request_id": "t-1"])
                .content.decode(TopUpRoutesTests.OrderBody.self)
            #expect(try await f.send(.POST, "sandbox/alipay/trades/\(order.order_no)/pay").status == .ok)
            #expect(try await TopUpRoutesTests.waitForStatus(phone, binding, order.order_no, "credited").status == "credited")
            // and the clerk refunds it at the console
            let refund =
                #"{"card_number":"20260001","amount_fen":5000,"original_order":"\#(order.order_no)","reason":"误充","request_id":"R-1"}"#
            let refunded = try await f.send(
                .POST, "api/v1/console/refunds", headers: ["Authorization": "Bearer \(clerkToken)"], body: refund)
            #expect(refunded.status == .ok, "\(refunded.body.string)")
            let audit = try await f.send(.GET, "api/v1/console/audit", headers: ["Authorization": "Bearer \(adminToken)"])
            #expect(audit.body.string.contains(#""holds":true"#))
            // and the cardholder's session and a staff password travel once through the real HTTP
            // server, whose request decoder traces what it reads
            try await f.live { server in
                #expect(try await server.send(.GET, "api/v1/h5/bindings/\(binding)", headers: phone.headers).status == .ok)
                let (username, password) = (f.credentials.staff[0].username, f.credentials.staff[0].password)
                let signedIn = try await server.send(
                    .POST, "api/v1/console/sessions", headers: ["Content-Type": "application/json"],
                    body: #"{"username":"\#(username)","password":"\#(password)"}"#)
                #expect(signedIn.status == .ok)
            }

            let log = logs.text
            // the log was written to, with what a run at trace level shows
            #expect(log.contains("transfers"), "the capture holds no query on the ledger: \(log.prefix(400))")
            // and the statements the drivers logged are there without their values
            #expect(log.contains("values, not logged"))
            #expect(log.contains("Decoded HTTP part, contents not logged"))
            let pem = AppFixture.sandbox.channelAccess.alipay.appPrivateKey.pemRepresentation
            let pemLines = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.map(String.init)
            #expect(pemLines.count > 10)
            let secrets: [(String, String)] =
                f.credentials.staff.map { ("\($0.username)'s password", $0.password) }
                + f.credentials.cardholders.map { ("\($0.staffNumber)'s initial secret", $0.secret) }
                + [
                    ("initial password", "011235"), ("payment password", "285713"), ("ID number", "440305200001011235"),
                    ("cardholder session", phone.token), ("clerk session", clerkToken), ("admin session", adminToken),
                    ("terminal secret", f.credentials.terminalSecret), ("master key", f.keyText),
                ]
                + pemLines.map { ("private key PEM", $0) }
            for (name, secret) in secrets {
                let line = log.split(separator: "\n").first { $0.contains(secret) }
                #expect(line == nil, "\(name) is in the log: \(line?.prefix(400) ?? "")")
            }
        }
    }
}
