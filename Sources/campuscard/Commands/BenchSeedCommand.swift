import ArgumentParser
import CampusCardBench
import CampusCardCore
import CampusCardStore
import Foundation

struct BenchSeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-seed",
        abstract: "Load the benchmark data set (used by bench/run).",
        discussion: """
            Creates schools BENCH1…N with generated rosters (imported through the roster importer, timed), one merchant and \
            POS terminal per canteen, and an opening balance on every purse. Writes the terminals' codes and secrets, \
            tab-separated, to --out for the load generator. Benchmark data only: never on a school's database.
            """)

    @OptionGroup var options: DatabaseOptions

    @ArgumentParser.Option(help: "Number of schools.") var schools = 5
    @ArgumentParser.Option(help: "Cardholders over all schools.") var cardholders = 100_000
    @ArgumentParser.Option(help: "POS terminals over all schools (one canteen each).") var terminals = 200
    @ArgumentParser.Option(help: "Canteen charges to give the first card of BENCH1, for the records page.") var history = 0
    @ArgumentParser.Option(help: "Where to write the terminals file.") var out: String

    func run() async throws {
        let key = try options.masterKey()
        let runtime = try DatabaseRuntime(options.location)
        do {
            try await runtime.migrate()
            let loaded = try await BenchLoader(runtime.database, key: key).load(
                schools: schools, cardholders: cardholders, terminals: terminals, openingBalance: .yuan(100_000), history: history,
                at: Date())
            let lines = loaded.terminals.map { "\($0.code)\t\($0.secret)\t\($0.schoolCode)\t\($0.cardPrefix)\t\($0.cardCount)" }
            try (lines.joined(separator: "\n") + "\n").write(toFile: out, atomically: true, encoding: .utf8)
            print(String(format: "roster_import_seconds=%.2f rows=%d", loaded.importSeconds, cardholders))
            await runtime.shutdown()
        } catch {
            await runtime.shutdown()
            throw error
        }
    }
}
