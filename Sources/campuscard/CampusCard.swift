import ArgumentParser

@main
struct CampusCard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campuscard",
        abstract: "CampusCard: the campus one-card (校园卡) platform.",
        discussion: "Run `campuscard serve` for a demo on a local SQLite file; `campuscard help <command>` explains each command.",
        subcommands: [
            ServeCommand.self, MigrateCommand.self, OperatorCommand.self, SchoolCommand.self, StaffCommand.self, MerchantCommand.self,
            TerminalCommand.self, ImportRosterCommand.self, AuditCommand.self, BenchSeedCommand.self, BenchTopUpsCommand.self,
            BenchAutoTopUpsCommand.self,
            BenchPhonesCommand.self, SandboxCommand.self, CheckBillCommand.self,
        ],
        defaultSubcommand: nil)
}
