import ArgumentParser
import CampusCardDemo
import CampusCardSandbox
import CampusCardServer
import CampusCardStore
import Foundation
import Metrics
import NIOCore
import NIOPosix
import Prometheus
import Vapor

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the CampusCard server.",
        discussion: """
            With no options: creates and migrates ./campuscard.sqlite, seeds the demo school (DEMO) and prints its \
            credentials. With no channel configuration (CAMPUSCARD_ALIPAY_APP_ID and the rest, see the README) the \
            sandbox gateway plays the channels at /sandbox. With a postgres:// database several `serve` processes may share it (give them the same \
            master key). Serves /healthz, /metrics and /openapi.json beside the API.
            """)

    @ArgumentParser.OptionGroup var options: DatabaseOptions

    @ArgumentParser.Option(help: "The address to listen on.")
    var hostname = "127.0.0.1"

    @ArgumentParser.Option(help: "The port to listen on.")
    var port = 8080

    @ArgumentParser.Option(help: "Seed the demo school: default on for SQLite, off for PostgreSQL.")
    var demo: Bool?

    @ArgumentParser.Option(
        help: """
            Seconds between upkeep passes, 1 to 3600: hot-account roll-ups, purges of spent nonces, codes and sessions, and the \
            top-up reconciliation that credits a paid order whose notification was lost (so it cannot be turned off).
            """)
    var upkeepInterval = 5

    @ArgumentParser.Option(help: "Seconds a top-up's payment notification may be late before the upkeep asks the channel, 60 to 3600.")
    var topUpQueryDelay = 300

    @ArgumentParser.Option(
        name: .customLong("trusted-proxy"),
        help: """
            The address of a reverse proxy in front of the server (repeat for several; also CAMPUSCARD_TRUSTED_PROXIES, \
            comma-separated). Only a request from one of them is believed about its client's address (X-Forwarded-For), which \
            the rate limits on sign-in, binding and top-up orders count per; without one, the connection's own address counts.
            """)
    var trustedProxies: [String] = []

    func validate() throws {
        guard (1...3600).contains(upkeepInterval) else { throw ValidationError("--upkeep-interval: 1 to 3600 seconds.") }
        guard (60...3600).contains(topUpQueryDelay) else { throw ValidationError("--top-up-query-delay: 60 to 3600 seconds.") }
        for proxy in trustedProxies where (try? SocketAddress(ipAddress: proxy, port: 0)) == nil {
            throw ValidationError("--trusted-proxy: \(proxy) is not an IP address.")
        }
    }

    func run() async throws {
        // Async handlers then run on the event loops that read their requests and their database
        // answers, instead of hopping to Swift's own thread pool and back at every await.
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        let location = options.location
        let channels = try ChannelEnvironment.access()
        var config = ServerConfig(
            database: location, masterKey: try options.masterKey(), hostname: hostname, port: port, ledgerJobInterval: upkeepInterval,
            channels: channels, sandbox: channels == nil ? try SandboxGateway(stateDirectory: Self.sandboxFolder(for: location)) : nil)
        config.topUpQueryDelay = TimeInterval(topUpQueryDelay)
        let fromEnvironment = ProcessInfo.processInfo.environment["CAMPUSCARD_TRUSTED_PROXIES"]?.split(separator: ",") ?? []
        config.trustedProxies = Set((trustedProxies + fromEnvironment.map(String.init)).map { $0.trimmingCharacters(in: .whitespaces) })
        var environment = Environment(name: "production", arguments: ["campuscard"])
        try LoggingSystem.bootstrap(from: &environment)
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        let app = try await Application.make(environment)
        do {
            try await configure(app, config, registry: registry)
            if demo ?? location.isSQLite {
                printDemo(try await DemoSchool.seed(app.store, key: config.masterKey, at: Date()))
            }
            if channels == nil {
                print(
                    "Channels: the sandbox plays Alipay, WeChat and the school login at /sandbox (set CAMPUSCARD_ALIPAY_APP_ID… for the real ones)"
                )
            }
            print("CampusCard on \(location) at http://\(hostname):\(port)  (health: /healthz, metrics: /metrics, API: /openapi.json)")
            try await app.execute()
        } catch {
            await Self.stop(app)
            throw error
        }
        await Self.stop(app)
    }

    /// Vapor's own shutdown closes the database pool (a lifecycle handler) before the HTTP server
    /// (application storage), so requests still arriving found no database. The HTTP server goes
    /// first here: it takes no new requests, and those under way are answered (up to its shutdown
    /// timeout). Then the upkeep jobs, then the pool.
    private static func stop(_ app: Application) async {
        await app.server.shutdown()
        do {
            try await app.asyncShutdown()
        } catch {
            app.logger.error("shutdown: \(error)")
        }
    }

    /// Beside a SQLite file, the embedded sandbox's keys and trades (a restart forgets no paid
    /// trade); a PostgreSQL demo keeps them in memory.
    static func sandboxFolder(for location: DatabaseLocation) -> URL? {
        guard case .sqlite(let path) = location, path != ":memory:" else { return nil }
        return URL(fileURLWithPath: path + ".sandbox")
    }

    private func printDemo(_ credentials: DemoSchool.Credentials) {
        print("Demo school DEMO (示范大学), demo data only:")
        for staff in credentials.staff { print("  console \(staff.role.rawValue): \(staff.username) / \(staff.password)") }
        for holder in credentials.cardholders {
            print("  cardholder \(holder.staffNumber) \(holder.name), initial password or passport: \(holder.secret)")
        }
        print("  POS terminal \(credentials.terminalCode), HMAC secret: \(credentials.terminalSecret)")
    }
}
