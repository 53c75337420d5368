import CampusCardCore
import CampusCardDemo
import CampusCardSandbox
import CampusCardServer
import CampusCardServices
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

    /// One sandbox for every test: its RSA keys take a while to make, and it keeps nothing a
    /// test depends on apart from the codes it hands out.
    static let sandbox = try! SandboxGateway(
        quickNotificationDelay: 0...0, customNotificationDelay: 0...0, notificationCopies: 3, retryPauses: [0.2, 0.5])

    let app: Application
    let credentials: DemoSchool.Credentials
    let key: MasterKey
    /// The master key as an operator types it.
    let keyText: String
    let clock: TestClock
    let database: DatabaseLocation
    /// What the test changed in the server's configuration (rate limits, trusted proxies).
    let tune: @Sendable (inout ServerConfig) -> Void

    /// `connectionWaitSeconds`: how long a request queues for a database connection (long by
    /// default: every suite runs at once on two cores).
    /// `sandbox`: a test that changes the providers (rotates a key) brings its own.
    /// `logs`: where the server's log goes, at trace level (by default, nowhere a test reads).
    /// `tune`: changes to the server's configuration, kept by `restarted`.
    static func with(
        _ engine: Engine, connectionWaitSeconds: Int = 300, sandbox: SandboxGateway = sandbox, logs: CapturedLog? = nil,
        tune: @escaping @Sendable (inout ServerConfig) -> Void = { _ in }, _ body: (AppFixture) async throws -> Void
    ) async throws {
        try await TestDatabase.with(engine) { database in
            let key = MasterKey.generate()
            try await run(
                on: database.location, key: key, clock: TestClock(now), connectionWaitSeconds: connectionWaitSeconds, sandbox: sandbox,
                logs: logs, tune: tune, body)
        }
    }

    /// A second server process on the same database: what survives it is in the database.
    func restarted(_ body: (AppFixture) async throws -> Void) async throws {
        try await Self.run(on: database, key: (key, keyText), clock: clock, tune: tune, body)
    }

    private static func run(
        on database: DatabaseLocation, key: (key: MasterKey, base64: String), clock: TestClock, connectionWaitSeconds: Int = 300,
        sandbox: SandboxGateway = sandbox, logs: CapturedLog? = nil, tune: @escaping @Sendable (inout ServerConfig) -> Void,
        _ body: (AppFixture) async throws -> Void
    ) async throws {
        let setUp: @Sendable (Application) async throws -> Void = { app in
            app.clock = AppClock { clock.now }
            if let logs {
                app.logger = Logger(label: "campuscard.test") { _ in logs.handler }
                app.logger.logLevel = .trace
            }
            var config = ServerConfig(database: database, masterKey: key.key, ledgerJobInterval: 0, sandbox: sandbox)
            config.connectionWaitSeconds = connectionWaitSeconds
            tune(&config)
            try await configure(app, config, registry: PrometheusCollectorRegistry())
        }
        try await withApp(configure: setUp) { app in
            let credentials = try await DemoSchool.seed(app.store, key: key.key, at: now)
            try await body(
                AppFixture(
                    app: app, credentials: credentials, key: key.key, keyText: key.base64, clock: clock, database: database, tune: tune))
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
        path: String = "/api/v1/pos/spends", method: HTTPMethod = .POST
    ) -> HTTPHeaders {
        let ts = String(Int64(timestamp.timeIntervalSince1970))
        let text = TerminalSigning.canonicalText(method: method.rawValue, path: path, timestamp: ts, nonce: nonce, body: body)
        let key = SymmetricKey(data: Data((secret ?? credentials.terminalSecret).utf8))
        let signature = Data(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: key)).base64EncodedString()
        return [
            "Content-Type": "application/json", "X-Terminal-Id": terminal ?? credentials.terminalCode, "X-Timestamp": ts, "X-Nonce": nonce,
            "X-Signature": signature,
        ]
    }

    /// What the services run with, as the upkeep would make it now.
    func services() throws -> ServiceContext {
        try app.services(logger: app.logger)
    }

    func transferCount() async throws -> Int {
        try await app.store.sql.raw("SELECT id FROM transfers").all().count
    }
}

/// The fixture's clock: stopped at `AppFixture.now` until a test moves it.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var time: Date

    init(_ start: Date) {
        time = start
    }

    var now: Date { lock.withLock { time } }

    func advance(_ seconds: TimeInterval) {
        lock.withLock { time = time.addingTimeInterval(seconds) }
    }
}

/// The JSON every refusal carries.
struct ErrorBody: Decodable {
    var code: String
    var message_zh: String
    var message_en: String
}

/// An answer a test reads: the in-memory tester's or a `LiveServer`'s.
protocol TestedResponse {
    var content: ContentContainer { get }
}

extension TestingHTTPResponse: TestedResponse {}
extension ClientResponse: TestedResponse {}

extension TestedResponse {
    /// The refusal's code, or "" when the body is not a refusal.
    var errorCode: String { (try? content.decode(ErrorBody.self).code) ?? "" }
}
