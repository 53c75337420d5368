import CampusCardCore
import CampusCardStore
import CampusCardTestSupport
import Crypto
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A school from nothing, by commands only, to a terminal the server accepts: no demo data, on
/// each engine.
@Suite(.serialized) struct OnboardingCommandsTests {
    func json(_ output: CommandRunner.Output) throws -> [String: Any] {
        let start = try #require(output.text.firstIndex(of: "{"), "\(output.text)")
        return try #require(try JSONSerialization.jsonObject(with: Data(output.text[start...].utf8)) as? [String: Any])
    }

    /// A charge of ¥1 on card 20270001, signed with `secret` as the terminal's firmware signs it.
    func spend(port: Int, terminal: String, secret: String) async throws -> (Int, String) {
        let body = #"{"card_number":"20270001","amount_fen":100,"transaction_id":"\#(UUID().uuidString)"}"#
        let (timestamp, nonce) = (String(Int64(Date().timeIntervalSince1970)), UUID().uuidString)
        let text = TerminalSigning.canonicalText(method: "POST", path: "/api/v1/pos/spends", timestamp: timestamp, nonce: nonce, body: body)
        let signature = Data(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: Data(secret.utf8))))
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/v1/pos/spends")!)
        request.httpMethod = "POST"
        request.httpBody = Data(body.utf8)
        for (name, value) in [
            ("Content-Type", "application/json"), ("X-Terminal-Id", terminal), ("X-Timestamp", timestamp), ("X-Nonce", nonce),
            ("X-Signature", signature.base64EncodedString()),
        ] { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test(arguments: Engine.available)
    func aSchoolMadeByCommandsHasATerminalTheServerAccepts(engine: Engine) async throws {
        try await TestDatabase.with(engine) { database in try await schoolFromNothing(database) }
    }

    func schoolFromNothing(_ database: TestDatabase) async throws {
        let folder = try CommandRunner.temporaryDirectory()
        var environment = ["CAMPUSCARD_MASTER_KEY": MasterKey.generate().base64]
        if case .postgres(let url) = database.location { environment["DATABASE_URL"] = url }
        let runner = CommandRunner(environment: environment, directory: folder)
        let school = try runner.run([
            "school", "add", "--code", "NEWU", "--name", "新大学", "--name-en", "New University", "--campus", "MAIN=主校区",
            "--campus", "EAST=东校区", "--admin", "newu-admin=王老师", "--json",
        ])
        #expect(school.status == 0, "\(school.text)")
        let admin = try #require(try json(school)["administrator"] as? [String: Any])
        #expect((admin["password"] as? String)?.count == 16 && admin["role"] as? String == "admin")
        #expect(try runner.run(["school", "add", "--code", "NEWU", "--name", "又一个", "--campus", "MAIN=主"]).text.contains("exists already"))
        #expect(
            try runner.run(["merchant", "add", "--school", "NEWU", "--code", "CANTEEN1", "--name", "第一食堂", "--campus", "MAIN"]).status == 0)
        let added = try runner.run(["terminal", "add", "--school", "NEWU", "--code", "POS-NEWU-1", "--merchant", "CANTEEN1", "--json"])
        let secret = try #require(try json(added)["secret"] as? String)
        let list = try runner.run(["terminal", "list", "--school", "NEWU"])
        #expect(list.text.contains("POS-NEWU-1\tCANTEEN1\tactive") && !list.text.contains(secret))
        let show = try runner.run(["school", "show", "NEWU"])
        #expect(show.text.contains("newu-admin\tadmin\t王老师") && show.text.contains("EAST\t东校区"))
        let roster = folder.appendingPathComponent("roster.csv")
        try "staff_number,name,kind,campus,national_id\n20270001,新生甲,student,MAIN,320106200507073212\n".write(
            to: roster, atomically: true, encoding: .utf8)
        #expect(try runner.run(["import-roster", "--school", "NEWU", roster.path]).status == 0)

        let port = CommandRunner.freePort()
        let (server, _) = try runner.start(["serve", "--port", "\(port)", "--demo", "false"])
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        #expect(await CommandRunner.waitForOK(URL(string: "http://127.0.0.1:\(port)/healthz")!, seconds: 60))
        // the terminal is accepted and the card found; a new card holds no money yet
        let first = try await spend(port: port, terminal: "POS-NEWU-1", secret: secret)
        #expect(first.0 == 409 && first.1.contains("insufficient_balance"), "\(first)")
        // re-keyed by a command beside the running server: the old secret is refused, the new one accepted
        let rekeyed = try runner.run(["terminal", "rekey", "--school", "NEWU", "POS-NEWU-1", "--json"])
        let newSecret = try #require(try json(rekeyed)["secret"] as? String)
        let old = try await spend(port: port, terminal: "POS-NEWU-1", secret: secret)
        #expect(old.0 == 401 && old.1.contains("signature_invalid"), "\(old)")
        #expect(try await spend(port: port, terminal: "POS-NEWU-1", secret: newSecret).1.contains("insufficient_balance"))
        #expect(try runner.run(["terminal", "disable", "--school", "NEWU", "POS-NEWU-1"]).status == 0)
        let disabled = try await spend(port: port, terminal: "POS-NEWU-1", secret: newSecret)
        #expect(disabled.0 == 401 && disabled.1.contains("unknown_terminal"), "\(disabled)")
        // the administrator's account works in the console; a clerk added by command too
        let clerk = try runner.run(["staff", "add", "--school", "NEWU", "--username", "newu-clerk", "--name", "李柜员", "--json"])
        #expect(try json(clerk)["role"] as? String == "clerk")
        let last = try runner.run(["staff", "disable", "--school", "NEWU", "newu-admin"])
        #expect(last.status != 0 && last.text.contains("last administrator"))
    }
}
