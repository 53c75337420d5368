import ArgumentParser
import CampusCardCore
import CampusCardServices
import CampusCardStore
import Foundation

/// What the onboarding commands share: the migrated database, the services as the shell's user
/// (who runs the server's machine), refusals printed in both languages, and `--json` answers.
struct OnboardingShell: ParsableArguments {
    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print the answer as JSON, for scripts.")
    var json = false

    /// Runs `body` with the services on the database, then closes it.
    func run<T: Sendable>(_ body: @Sendable (Onboarding, ConsoleUser) async throws -> T) async throws -> T {
        let key = try database.masterKey()
        let runtime = try DatabaseRuntime(database.location)
        do {
            try await runtime.migrate()
            let result = try await body(
                Onboarding(store: runtime.database, masterKey: key, now: Date()), .shell(user: NSUserName()))
            await runtime.shutdown()
            return result
        } catch let error as CardError {
            await runtime.shutdown()
            throw ValidationError("\(error.en)\n\(error.zh)")
        } catch {
            await runtime.shutdown()
            throw error
        }
    }

    /// `value` as JSON with `--json`, else the lines of `text`.
    func print(_ value: some Encodable, text: [String]) throws {
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            encoder.dateEncodingStrategy = .iso8601
            Swift.print(String(decoding: try encoder.encode(value), as: UTF8.self))
        } else {
            for line in text { Swift.print(line) }
        }
    }
}

/// What the commands print of schools, staff, merchants and terminals (the API's shapes).
enum ShellOutput {
    struct School: Encodable {
        var code: String
        var name: String
        var name_en: String
        var time_zone: String
        var campuses: [[String: String]]?

        init(_ school: SchoolRecord, campuses: [CampusRecord]? = nil) {
            (code, name, name_en, time_zone) = (school.code.rawValue, school.name, school.nameEn, school.timeZone.identifier)
            self.campuses = campuses?.map { ["code": $0.code.rawValue, "name": $0.name] }
        }
    }

    struct Staff: Encodable {
        var username: String
        var display_name: String
        var role: String
        var disabled_at: Date?
        /// Only in the answer that made or reset it.
        var password: String?

        init(_ member: StaffMember, password: String? = nil) {
            (username, display_name, role, disabled_at, self.password) = (
                member.username, member.displayName, member.role.rawValue, member.disabledAt, password
            )
        }

        var line: String {
            "\(username)\t\(role)\t\(display_name)\(disabled_at == nil ? "" : "\tdisabled")"
        }
    }

    struct Terminal: Encodable {
        var code: String
        var merchant: String
        var active: Bool
        /// Only in the answer that made or re-keyed it.
        var secret: String?

        init(_ terminal: TerminalEntry, secret: String? = nil) {
            (code, merchant, active, self.secret) = (terminal.code, terminal.merchantCode, terminal.active, secret)
        }

        var line: String { "\(code)\t\(merchant)\t\(active ? "active" : "disabled")" }
    }

    /// The warning printed with a password or secret.
    static let onlyOnce = "Shown once: it is stored only hashed or sealed. 仅显示这一次，请妥善保存。"
}
