import ArgumentParser
import CampusCardCore
import CampusCardServices
import CampusCardStore
import Foundation

struct SchoolCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "school",
        abstract: "Create and look at schools (as the server machine's operator).",
        subcommands: [Add.self, List.self, Show.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a school with its campuses, ledger accounts and the SPEC's default settings.",
            discussion: """
                One transaction, in the audit log. With --admin, the school's first administrator is made too and their \
                password printed once. Example:
                  campuscard school add --code PKU --name 北京大学 --name-en "Peking University" \\
                    --campus MAIN=燕园校区 --campus MED=医学部 --admin pku-admin=王老师
                """)

        @OptionGroup var shell: OnboardingShell

        @Option(help: "The school's code: 2–16 upper-case letters or digits, in every link and terminal request.")
        var code: String

        @Option(help: "The school's name in Chinese.")
        var name: String

        @Option(help: "The school's name in English (the pages' English switch).")
        var nameEn = ""

        @Option(help: "The school's IANA time zone.")
        var timeZone = "Asia/Shanghai"

        @Option(help: "A campus as CODE=名称; repeat for each (at least one).")
        var campus: [String] = []

        @Option(help: "The first administrator as username=显示名.")
        var admin: String?

        func run() async throws {
            let campuses = try campus.map { try Self.pair($0, option: "--campus") }
            let administrator = try admin.map { try Self.pair($0, option: "--admin") }
            let new = Onboarding.NewSchool(
                code: code, name: name, nameEn: nameEn, timeZone: timeZone, campuses: campuses, administrator: administrator)
            let (school, issued, campusRecords) = try await shell.run { onboarding, user in
                let (school, issued) = try await onboarding.createSchool(new, by: user)
                return (school, issued, try await onboarding.campuses(of: school, for: user))
            }
            struct Answer: Encodable {
                var school: ShellOutput.School
                var administrator: ShellOutput.Staff?
            }
            var text = ["Created school \(school.code) \(school.name) (\(school.timeZone.identifier)), \(campusRecords.count) campuses."]
            if let issued {
                text += ["Administrator \(issued.member.username), password: \(issued.password)", ShellOutput.onlyOnce]
            }
            try shell.print(
                Answer(
                    school: .init(school, campuses: campusRecords), administrator: issued.map { .init($0.member, password: $0.password) }),
                text: text)
        }

        static func pair(_ text: String, option: String) throws -> (String, String) {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("\(option) takes CODE=name, e.g. MAIN=主校区 (got \(text)).") }
            return (parts[0], parts[1])
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every school.")

        @OptionGroup var shell: OnboardingShell

        func run() async throws {
            let schools = try await shell.run { onboarding, user in try await onboarding.schools(for: user) }
            try shell.print(
                schools.map { ShellOutput.School($0) }, text: schools.map { "\($0.code)\t\($0.name)\t\($0.timeZone.identifier)" })
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a school: campuses, staff, merchants and terminals.")

        @OptionGroup var shell: OnboardingShell

        @Argument(help: "The school's code.")
        var code: String

        func run() async throws {
            let (school, campuses, staff, merchants, terminals) = try await shell.run { onboarding, user in
                let school = try await onboarding.school(code, for: user)
                return (
                    school, try await onboarding.campuses(of: school, for: user), try await onboarding.staff(of: school, for: user),
                    try await onboarding.merchants(of: school, for: user), try await onboarding.terminals(of: school, for: user)
                )
            }
            struct Answer: Encodable {
                var school: ShellOutput.School
                var staff: [ShellOutput.Staff]
                var merchants: [[String: String]]
                var terminals: [ShellOutput.Terminal]
            }
            var text = ["\(school.code) \(school.name) \(school.nameEn) (\(school.timeZone.identifier))", "Campuses:"]
            text += campuses.map { "  \($0.code)\t\($0.name)" }
            text += ["Staff:"] + staff.map { "  " + ShellOutput.Staff($0).line }
            text += ["Merchants:"] + merchants.map { "  \($0.code)\t\($0.name)" }
            text += ["Terminals:"] + terminals.map { "  " + ShellOutput.Terminal($0).line }
            try shell.print(
                Answer(
                    school: .init(school, campuses: campuses), staff: staff.map { .init($0) },
                    merchants: merchants.map { ["code": $0.code, "name": $0.name] }, terminals: terminals.map { .init($0) }),
                text: text)
        }
    }
}
