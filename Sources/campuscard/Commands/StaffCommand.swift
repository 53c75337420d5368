import ArgumentParser
import CampusCardCore
import CampusCardServices
import CampusCardStore
import Foundation

struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff",
        abstract: "A school's staff accounts: add, disable, reset a password.",
        discussion: "Roles: admin (信息化办公室), clerk (校园卡服务中心), auditor (read-only). A school keeps one active administrator.",
        subcommands: [Add.self, Disable.self, ResetPassword.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a staff account; its random password is printed once.")

        @OptionGroup var shell: OnboardingShell

        @Option(help: "The school's code.")
        var school: String

        @Option(help: "Sign-in name: 3–32 lower-case letters, digits, . - _ (unique across schools).")
        var username: String

        @Option(help: "The name shown in the console and the audit log.")
        var name: String

        @Option(help: "admin, clerk or auditor.")
        var role: String = "clerk"

        func run() async throws {
            guard let role = StaffRole(rawValue: role), StaffRole.schoolRoles.contains(role) else {
                throw ValidationError("--role is admin, clerk or auditor.")
            }
            let issued = try await shell.run { onboarding, user in
                try await onboarding.addStaff(
                    username: username, displayName: name, role: role, in: try await onboarding.school(school, for: user), by: user)
            }
            try shell.print(
                ShellOutput.Staff(issued.member, password: issued.password),
                text: ["Added \(issued.member.username) (\(role.rawValue)), password: \(issued.password)", ShellOutput.onlyOnce])
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Disable a staff account: it signs in no more and its sessions end; it stays in the audit trail.")

        @OptionGroup var shell: OnboardingShell

        @Option(help: "The school's code.")
        var school: String

        @Argument(help: "The account's username.")
        var username: String

        func run() async throws {
            let member = try await shell.run { onboarding, user in
                try await onboarding.disableStaff(username, in: try await onboarding.school(school, for: user), by: user)
            }
            try shell.print(ShellOutput.Staff(member), text: ["Disabled \(member.username)."])
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a staff account a new random password (printed once); its sessions end.")

        @OptionGroup var shell: OnboardingShell

        @Option(help: "The school's code.")
        var school: String

        @Argument(help: "The account's username.")
        var username: String

        func run() async throws {
            let issued = try await shell.run { onboarding, user in
                try await onboarding.resetPassword(of: username, in: try await onboarding.school(school, for: user), by: user)
            }
            try shell.print(
                ShellOutput.Staff(issued.member, password: issued.password),
                text: ["New password of \(issued.member.username): \(issued.password)", ShellOutput.onlyOnce])
        }
    }
}
