import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `campuscard sandbox` on its own, and `serve` pointed at it by configuration only, as it would
/// be pointed at the real providers.
struct SandboxCommandTests {
    /// One JSON request; the answer's status and body.
    func call(_ url: String, _ body: [String: Any]? = nil, headers: [String: String] = [:]) async throws -> (Int, [String: Any]) {
        var request = URLRequest(url: URL(string: url)!)
        if let body {
            request.httpMethod = "POST"
            request.httpBody = try JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
    }

    @Test func aServerPointedAtASandboxOfItsOwnCreditsAnOrderPaidAfterTheSandboxRestarted() async throws {
        // given a sandbox with a state folder, and serve started with the environment it wrote
        let folder = try CommandRunner.temporaryDirectory()
        let (sandboxPort, serverPort) = (CommandRunner.freePort(), CommandRunner.freePort())
        let (sandboxURL, serverURL) = ("http://127.0.0.1:\(sandboxPort)", "http://127.0.0.1:\(serverPort)")
        let state = folder.appendingPathComponent("providers")
        let arguments = ["sandbox", "--port", "\(sandboxPort)", "--state", state.path, "--server", serverURL]
        var sandbox = try CommandRunner(directory: folder).start(arguments).0
        defer { sandbox.terminate() }
        #expect(await CommandRunner.waitForOK(URL(string: "\(sandboxURL)/healthz")!, seconds: 60))
        let lines = try String(contentsOf: state.appendingPathComponent("serve.env"), encoding: .utf8).split(separator: "\n")
        let environment = Dictionary(
            uniqueKeysWithValues: lines.map { line in
                let parts = line.split(separator: "=", maxSplits: 1)
                return (String(parts[0]), String(parts[1]))
            })
        #expect(environment["CAMPUSCARD_ALIPAY_GATEWAY_URL"] == "\(sandboxURL)/sandbox/alipay/gateway.do")
        let server = try CommandRunner(environment: environment, directory: folder).start([
            "serve", "--port", "\(serverPort)", "--demo", "true",
        ])
        .0
        defer { server.terminate() }
        #expect(await CommandRunner.waitForOK(URL(string: "\(serverURL)/healthz")!, seconds: 60))

        // when the demo student signs in and binds in Alipay through the sandbox
        let (user, device) = ("2088000000000100", UUID().uuidString)
        let code = try await call("\(sandboxURL)/sandbox/alipay/auth-codes", ["user_id": user]).1["auth_code"] as? String
        let session = try await call(
            "\(serverURL)/api/v1/h5/sessions", ["channel": "alipay", "auth_code": code ?? "", "device_id": device])
        let token = try #require(session.1["token"] as? String, "\(session)")
        let headers = ["Authorization": "Bearer \(token)", "X-Device-ID": device]
        // the server starts Alipay's certification at the sandbox, and the student passes it on Alipay's page
        let started = try await call(
            "\(serverURL)/api/v1/h5/face-certifications",
            [
                "school": "DEMO", "staff_number": "20260001", "name": "张三", "id_number": "440305200001011235",
                "return_url": "\(serverURL)/h5/DEMO",
            ], headers: headers)
        let certifyURL = try #require(started.1["url"] as? String, "\(started)")
        #expect(certifyURL.hasPrefix("\(sandboxURL)/sandbox/alipay/gateway.do?"))
        let page = String(decoding: try await URLSession.shared.data(from: URL(string: certifyURL)!).0, as: UTF8.self)
        let action = try #require(page.firstMatch(of: /action="([^"]+)"/)?.output.1)
        #expect(try await call(sandboxURL + action, ["passed": "true"]).0 == 204)
        let bound = try await call(
            "\(serverURL)/api/v1/h5/bindings",
            [
                "school": "DEMO", "campus": "MAIN", "staff_number": "20260001", "name": "张三", "initial_password": "011235",
                "payment_password": "285713", "face_certification_id": started.1["certification_id"] as? String ?? "",
            ], headers: headers)
        let binding = try #require((bound.1["binding"] as? [String: Any])?["id"] as? Int, "\(bound)")
        // and orders ¥50 at the sandbox's Alipay
        let created = try await call(
            "\(serverURL)/api/v1/h5/bindings/\(binding)/top-ups", ["kind": "quick", "amount": "50", "request_id": "tap-1"], headers: headers
        )
        #expect(created.0 == 201, "\(created)")
        let order = try #require(created.1["order_no"] as? String)

        // then the sandbox, restarted before the student pays, still has the trade
        sandbox.terminate()
        sandbox.waitUntilExit()
        sandbox = try CommandRunner(directory: folder).start(arguments).0
        #expect(await CommandRunner.waitForOK(URL(string: "\(sandboxURL)/healthz")!, seconds: 60))
        let paid = try await call("\(sandboxURL)/sandbox/alipay/trades/\(order)/pay", [:])
        #expect(paid.0 == 200, "\(paid)")
        // and its notification, signed with the same keys, credits the order
        var status = ""
        for _ in 0..<150 where status != "credited" {
            status =
                try await call("\(serverURL)/api/v1/h5/bindings/\(binding)/top-ups/\(order)", headers: headers).1["status"] as? String ?? ""
            if status != "credited" { try await Task.sleep(for: .milliseconds(200)) }
        }
        #expect(status == "credited")
    }
}
