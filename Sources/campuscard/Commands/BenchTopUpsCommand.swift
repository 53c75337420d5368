import ArgumentParser
import CampusCardBench
import CampusCardCore
import CampusCardStore
import Foundation

struct BenchTopUpsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-top-ups",
        abstract: "Open Alipay top-up orders awaiting payment on a bench data set (used by bench/run).",
        discussion: """
            One quick order per cardholder of the BENCH schools (loaded by bench-seed), its limit reserved. Writes each \
            order's number and amount in fen, tab-separated, to --out, for the notifications the load generator signs. \
            Benchmark data only: never on a school's database.
            """)

    @OptionGroup var options: DatabaseOptions

    @ArgumentParser.Option(help: "Number of orders (at most one per cardholder).") var count: Int
    @ArgumentParser.Option(help: "Amount of each order, in yuan.") var amount = "50.00"
    @ArgumentParser.Option(help: "Where to write the orders file.") var out: String

    func run() async throws {
        guard let amount = Money(yuanString: amount), amount.isPositive else { throw ValidationError("--amount: a positive yuan amount.") }
        let runtime = try DatabaseRuntime(options.location)
        do {
            let orders = try await BenchLoader(runtime.database, key: try options.masterKey()).pendingTopUps(
                count: count, provider: .alipay, amount: amount, at: Date())
            try orders.map { "\($0.orderNo)\t\($0.payable.fen)\n" }.joined().write(toFile: out, atomically: true, encoding: .utf8)
            print("orders=\(orders.count)")
            await runtime.shutdown()
        } catch {
            await runtime.shutdown()
            throw error
        }
    }
}
