import ArgumentParser
import CampusCardBench
import CampusCardStore
import Foundation

struct BenchAutoTopUpsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-auto-top-ups",
        abstract: "Sign auto top-up agreements for a share of a bench data set's cardholders (used by bench/run).",
        discussion: """
            Each agreement's threshold is one fen above its purse's balance, so the next spend crosses it. Benchmark data only: \
            never on a school's database.
            """)

    @OptionGroup var options: DatabaseOptions

    @ArgumentParser.Option(help: "Share of the cardholders, in percent (a multiple of 10).") var percent = 30

    func run() async throws {
        guard (0...100).contains(percent), percent % 10 == 0 else { throw ValidationError("--percent: 0–100, a multiple of 10.") }
        let runtime = try DatabaseRuntime(options.location)
        do {
            let count = try await BenchLoader(runtime.database, key: try options.masterKey()).autoTopUpAgreements(
                percent: percent, at: Date())
            print("agreements=\(count)")
            await runtime.shutdown()
        } catch {
            await runtime.shutdown()
            throw error
        }
    }
}
