import ArgumentParser
import CampusCardBench
import CampusCardStore
import Foundation

struct BenchPhonesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-phones",
        abstract: "Bind cardholders of the benchmark data set to signed-in phones (used by bench/run).",
        discussion: """
            After bench-seed: binds --count cardholders in Alipay from a verified device each, opens a session on it, and \
            publishes two announcements per bench school. Writes school code, session token and device id, tab-separated, \
            to --out for the load generator that opens their home pages. Benchmark data only: never on a school's database.
            """)

    @OptionGroup var options: DatabaseOptions

    @ArgumentParser.Option(help: "How many phones.") var count = 2_000
    @ArgumentParser.Option(help: "Where to write the phones file.") var out: String

    func run() async throws {
        let runtime = try DatabaseRuntime(options.location)
        do {
            let phones = try await BenchLoader(runtime.database, key: try options.masterKey()).phones(count: count, at: Date())
            let lines = phones.map { "\($0.schoolCode)\t\($0.sessionToken)\t\($0.device)" }
            try (lines.joined(separator: "\n") + "\n").write(toFile: out, atomically: true, encoding: .utf8)
            print("phones=\(phones.count)")
            await runtime.shutdown()
        } catch {
            await runtime.shutdown()
            throw error
        }
    }
}
