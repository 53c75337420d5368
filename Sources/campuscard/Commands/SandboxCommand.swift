import ArgumentParser
import CampusCardSandbox
import Foundation
import Vapor

/// The providers' sandbox as its own process, so that pointing `serve` at it is configuration
/// only, exactly as pointing it at Alipay, WeChat Pay and the bank.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Run the providers' sandbox (Alipay, WeChat, WeChat Pay, the school login, the bank gateway) on its own.",
        discussion: """
            Keeps its keys and trades in the state folder, so a restart forgets no trade. Writes there `serve.env`, the \
            environment that points `campuscard serve` at it (`set -a; . FOLDER/serve.env; set +a; campuscard serve`); \
            its notifications go to --server.
            """)

    @ArgumentParser.Option(help: "The address to listen on.")
    var hostname = "127.0.0.1"

    @ArgumentParser.Option(help: "The port to listen on.")
    var port = 8090

    @ArgumentParser.Option(help: "The folder for its keys, secrets and trades.")
    var state = "campuscard-sandbox"

    @ArgumentParser.Option(help: "The CampusCard server, as the sandbox reaches it (notifications go there).")
    var server = "http://127.0.0.1:8080"

    @ArgumentParser.Option(help: "Seconds before a custom top-up's notification goes out (a quick one's: 0 to 2).")
    var notificationDelay: Double = 60

    func run() async throws {
        let folder = URL(fileURLWithPath: state)
        let sandbox = try SandboxGateway(
            stateDirectory: folder, customNotificationDelay: notificationDelay...max(notificationDelay, notificationDelay * 3))
        let environment = try sandbox.serverEnvironment(sandboxURL: "http://\(hostname):\(port)", serverURL: server)
        let envFile = folder.appendingPathComponent("serve.env")
        try Data(environment.map { "\($0.name)=\($0.value)\n" }.joined().utf8).write(to: envFile, options: .atomic)
        var vapor = Environment(name: "production", arguments: ["campuscard"])
        try LoggingSystem.bootstrap(from: &vapor)
        let app = try await Application.make(vapor)
        app.http.server.configuration.hostname = hostname
        app.http.server.configuration.port = port
        do {
            try sandbox.mount(on: app)
            app.get("healthz") { _ in "ok" }
            print(
                "Sandbox at http://\(hostname):\(port)/sandbox, keeping its state in \(folder.path); point serve at it with \(envFile.path)"
            )
            try await app.execute()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
