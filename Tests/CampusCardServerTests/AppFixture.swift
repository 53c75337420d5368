import CampusCardCore
import CampusCardServer
import CampusCardStore
import CampusCardTestSupport
import Crypto
import Foundation
import Prometheus
import Testing
import Vapor
import VaporTesting

/// A configured server on a fresh database of the given engine, with the demo school seeded and
/// the clock stopped at `now`.
struct AppFixture {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    let app: Application
    let credentials: DemoSchool.Credentials

    static func with(_ engine: Engine, _ body: (AppFixture) async throws -> Void) async throws {
        try await TestDatabase.with(engine) { database in
            let key = MasterKey.generate().key
            try await withApp(configure: { app in
                app.clock = AppClock { now }
                try await configure(
                    app, ServerConfig(database: database.location, masterKey: key, ledgerJobInterval: 0),
                    registry: PrometheusCollectorRegistry())
            }) { app in
                let credentials = try await DemoSchool.seed(app.store, key: key, at: now)
                try await body(AppFixture(app: app, credentials: credentials))
            }
        }
    }

    func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders = [:], body: String? = nil) async throws -> TestingHTTPResponse {
        var headers = headers
        if body != nil && !headers.contains(name: .contentType) { headers.contentType = .json }
        return try await app.testing().sendRequest(method, path, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    func signIn(_ username: String) async throws -> String {
        let password = credentials.staff.first { $0.username == username }!.password
        let res = try await send(.POST, "api/v1/console/sessions", body: #"{"username":"\#(username)","password":"\#(password)"}"#)
        return try res.content.decode([String: String].self)["token"] ?? ""
    }

    /// Headers a POS terminal sends: signed with its secret unless told otherwise.
    func terminalHeaders(
        body: String, timestamp: Date = now, nonce: String = UUID().uuidString, secret: String? = nil, terminal: String? = nil,
        path: String = "/api/v1/pos/spends"
    ) -> HTTPHeaders {
        let ts = String(Int64(timestamp.timeIntervalSince1970))
        let text = TerminalSigning.canonicalText(method: "POST", path: path, timestamp: ts, nonce: nonce, body: body)
        let key = SymmetricKey(data: Data((secret ?? credentials.terminalSecret).utf8))
        let signature = Data(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key)).base64EncodedString()
        return [
            "Content-Type": "application/json", "X-Terminal-Id": terminal ?? credentials.terminalCode, "X-Timestamp": ts, "X-Nonce": nonce,
            "X-Signature": signature,
        ]
    }

    func transferCount() async throws -> Int {
        try await app.store.sql.raw("SELECT id FROM transfers").all().count
    }
}

/// The JSON every refusal carries.
struct ErrorBody: Decodable {
    var code: String
    var message_zh: String
    var message_en: String
}

extension TestingHTTPResponse {
    /// The refusal's code, or "" when the body is not a refusal.
    var errorCode: String { (try? content.decode(ErrorBody.self).code) ?? "" }
}
