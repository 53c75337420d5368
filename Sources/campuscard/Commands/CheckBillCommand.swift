import ArgumentParser
import CampusCardCore
import CampusCardSandbox
import CampusCardServer
import CampusCardServices
import CampusCardStore
import Foundation
import Prometheus
import Vapor

/// The T+1 bill check of one school day by hand (the upkeep does yesterday's by itself): for a
/// day the upkeep could not do, or to run it again.
struct CheckBillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-bill",
        abstract: "Download a day's trade bill from Alipay or WeChat Pay and check it against the top-ups.",
        discussion: """
            Credits a payment whose notification was lost (exactly once), and records each payment credited but not in the bill, \
            each amount and each channel fee that differs; the console's reconciliation report shows them. Running it again is \
            harmless. Uses the channels configured in the environment (as `serve`), else the sandbox beside a SQLite database.
            """)

    @ArgumentParser.OptionGroup var options: DatabaseOptions

    @ArgumentParser.Option(help: "The school's code.")
    var school: String

    @ArgumentParser.Option(help: "alipay or wechat_pay.")
    var provider: String

    @ArgumentParser.Option(help: "The school day, YYYY-MM-DD (China time for the channels).")
    var day: String

    func run() async throws {
        guard let provider = PaymentProvider(rawValue: provider), provider != .unionPay else {
            throw ValidationError("--provider: alipay or wechat_pay.")
        }
        guard let day = LocalDate(day) else { throw ValidationError("--day: YYYY-MM-DD.") }
        let location = options.location
        let channels = try ChannelEnvironment.access()
        let config = ServerConfig(
            database: location, masterKey: try options.masterKey(), ledgerJobInterval: 0, channels: channels,
            sandbox: channels == nil ? try SandboxGateway(stateDirectory: ServeCommand.sandboxFolder(for: location)) : nil)
        let app = try await Application.make(Environment(name: "production", arguments: ["campuscard"]))
        do {
            try await configure(app, config, registry: PrometheusCollectorRegistry())
            guard let code = SchoolCode(rawValue: school), let record = try await SchoolStore(app.store.sql).find(code) else {
                throw ValidationError("No school \(school).")
            }
            let check = try await BillReconciliation(try app.services(logger: app.logger)).run(school: record, provider: provider, day: day)
            print("\(provider.rawValue) \(day): \(check.payments) payments \(check.paymentsTotal.yuanString), \(check.refunds) refunds.")
            for difference in check.differences { print("\(difference.kind.rawValue) \(difference.orderNo): \(difference.detail)") }
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }
}
