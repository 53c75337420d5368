import ArgumentParser
import CampusCardServices
import Foundation

struct OperatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operator",
        abstract: "The platform's operators, above every school.",
        subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an operator account (only here, on the server's machine); its random password is printed once.",
            discussion: "An operator creates schools and their administrators in the console or the API (POST /api/v1/platform/schools).")

        @OptionGroup var shell: OnboardingShell

        @Option(help: "Sign-in name: 3–32 lower-case letters, digits, . - _.")
        var username: String

        @Option(help: "The name shown in the console and the audit log.")
        var name: String

        func run() async throws {
            let issued = try await shell.run { onboarding, user in
                try await onboarding.addOperator(username: username, displayName: name, by: user)
            }
            try shell.print(
                ShellOutput.Staff(issued.member, password: issued.password),
                text: ["Added operator \(issued.member.username), password: \(issued.password)", ShellOutput.onlyOnce])
        }
    }
}
