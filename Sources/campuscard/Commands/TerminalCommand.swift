import ArgumentParser
import CampusCardServices
import Foundation

struct TerminalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "terminal",
        abstract: "POS terminals: add, re-key, disable, list.",
        discussion: """
            A terminal signs every request with its HMAC secret (docs: POST /api/v1/pos/spends). The secret is printed \
            when the terminal is added and when it is re-keyed, never again: load it into the device then.
            """,
        subcommands: [Add.self, Rekey.self, Disable.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a terminal that pays a merchant; its secret is printed once.")

        @OptionGroup var shell: OnboardingShell

        @Option(help: "The school's code.")
        var school: String

        @Option(help: "The terminal's code, unique across the deployment: 2–32 upper-case letters, digits, - or _.")
        var code: String

        @Option(help: "The code of the merchant it pays.")
        var merchant: String

        func run() async throws {
            let issued = try await shell.run { onboarding, user in
                try await onboarding.addTerminal(
                    code: code, merchant: merchant, in: try await onboarding.school(school, for: user), by: user)
            }
            try shell.print(
                ShellOutput.Terminal(issued.terminal, secret: issued.secret),
                text: [
                    "Added terminal \(issued.terminal.code) for \(issued.terminal.merchantCode), secret: \(issued.secret)",
                    ShellOutput.onlyOnce,
                ])
        }
    }

    struct Rekey: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a terminal a new secret (printed once); requests signed with the old one are refused from now on.")

        @OptionGroup var shell: OnboardingShell

        @Option(help: "The school's code.")
        var school: String

        @Argument(help: "The terminal's code.")
        var code: String

        func run() async throws {
            let issued = try await shell.run { onboarding, user in
                try await onboarding.rekeyTerminal(code, in: try await onboarding.school(school, for: user), by: user)
            }
            try shell.print(
                ShellOutput.Terminal(issued.terminal, secret: issued.secret),
                text: ["New secret of \(issued.terminal.code): \(issued.secret)", ShellOutput.onlyOnce])
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a terminal: its next request is refused.")

        @OptionGroup var shell: OnboardingShell

        @Option(help: "The school's code.")
        var school: String

        @Argument(help: "The terminal's code.")
        var code: String

        func run() async throws {
            let terminal = try await shell.run { onboarding, user in
                try await onboarding.disableTerminal(code, in: try await onboarding.school(school, for: user), by: user)
            }
            try shell.print(ShellOutput.Terminal(terminal), text: ["Disabled terminal \(terminal.code)."])
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a school's terminals (never their secrets).")

        @OptionGroup var shell: OnboardingShell

        @Option(help: "The school's code.")
        var school: String

        func run() async throws {
            let terminals = try await shell.run { onboarding, user in
                try await onboarding.terminals(of: try await onboarding.school(school, for: user), for: user)
            }
            try shell.print(terminals.map { ShellOutput.Terminal($0) }, text: terminals.map { ShellOutput.Terminal($0).line })
        }
    }
}
