import ArgumentParser
import CampusCardCore
import CampusCardStore
import Foundation

struct ImportRosterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-roster",
        abstract: "Import a school's roster from a CSV file.",
        discussion: """
            Columns (English or Chinese headers): staff_number/学工号, name/姓名, kind/类别 (student, staff, international \
            or 学生, 教职工, 留学生), and optionally campus/校区, national_id/身份证号, passport/护照号, leave_date/离校日期 \
            (YYYY-MM-DD), card_number/卡号 (default: the 学工号). Every valid row is imported in one transaction and every \
            bad row is reported with its line number; importing the same file again changes nothing, and a changed row \
            updates the cardholder without touching their money. National ID numbers are never stored: only a keyed hash \
            of the initial password (their last six characters, X written as 0). Exits 1 if any row was refused.
            """)

    @OptionGroup var options: DatabaseOptions

    @Option(help: "The school's code, e.g. DEMO.")
    var school: String

    @Argument(help: "The roster CSV file (UTF-8).")
    var file: String

    func run() async throws {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw ValidationError("Cannot read \(file) as UTF-8 text.")
        }
        let key = try options.masterKey()
        let runtime = try DatabaseRuntime(options.location)
        let report: RosterImportReport
        do {
            try await runtime.migrate()
            guard let code = SchoolCode(rawValue: school), let record = try await SchoolStore(runtime.database.sql).find(code) else {
                throw ValidationError("No school \(school).")
            }
            let bar = ProgressBar(label: "Importing")
            report = try await RosterImporter(runtime.database, secrets: key.cardSecrets).importRoster(
                csv: text, school: record, actor: "cli:\(NSUserName())", at: Date(), progress: bar.update)
            bar.finish()
            await runtime.shutdown()
        } catch let error as CardError {
            await runtime.shutdown()
            throw ValidationError("\(error.en)\n\(error.zh)")
        } catch {
            await runtime.shutdown()
            throw error
        }
        for problem in report.problems {
            print("line \(problem.line): \(problem.error.code.rawValue): \(problem.error.en) / \(problem.error.zh)")
        }
        print("Created \(report.created), updated \(report.updated), unchanged \(report.unchanged), refused \(report.problems.count).")
        if !report.problems.isEmpty { throw ExitCode(1) }
    }
}
