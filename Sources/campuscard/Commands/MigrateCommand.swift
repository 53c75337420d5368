import ArgumentParser
import CampusCardStore

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or update the database schema.",
        discussion:
            "Safe to run any number of times and from several machines: applies only what is missing. `serve` migrates on start too.")

    @OptionGroup var options: DatabaseOptions

    func run() async throws {
        let runtime = try DatabaseRuntime(options.location)
        do {
            try await runtime.migrate()
            await runtime.shutdown()
        } catch {
            await runtime.shutdown()
            throw error
        }
        print("Schema up to date: \(options.location)")
    }
}
