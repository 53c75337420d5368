import ArgumentParser
import CampusCardCore
import CampusCardStore
import Foundation

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Prove the ledger: every balance equals its entries and all entries sum to zero.",
        discussion:
            "Reads one consistent snapshot. Exits 0 when the ledger holds; exits 1 and names each account or transfer that breaks it otherwise."
    )

    @OptionGroup var options: DatabaseOptions

    @Option(help: "Audit one school's accounts only (its code).")
    var school: String?

    func run() async throws {
        let runtime = try DatabaseRuntime(options.location)
        let audit: LedgerAudit
        do {
            var schoolID: Int64?
            if let school {
                guard let code = SchoolCode(rawValue: school), let record = try await SchoolStore(runtime.database.sql).find(code) else {
                    throw ValidationError("No school \(school).")
                }
                schoolID = record.id
            }
            audit = try await LedgerAuditor(runtime.database).audit(schoolID: schoolID)
            await runtime.shutdown()
        } catch {
            await runtime.shutdown()
            throw error
        }
        print("Checked \(audit.accountsChecked) accounts and \(audit.transfersChecked) transfers.")
        guard audit.holds else {
            for violation in audit.violations { print("VIOLATION: \(violation)") }
            throw ExitCode(1)
        }
        print("The ledger holds.")
    }
}
