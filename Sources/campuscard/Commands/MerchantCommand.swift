import ArgumentParser
import CampusCardServices
import Foundation

struct MerchantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merchant",
        abstract: "A school's canteens and shops, each with the ledger account its takings go to.",
        subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a canteen or shop.")

        @OptionGroup var shell: OnboardingShell

        @Option(help: "The school's code.")
        var school: String

        @Option(help: "The merchant's code in its school: 2–32 upper-case letters, digits, - or _.")
        var code: String

        @Option(help: "The name on receipts and records, e.g. 第一食堂.")
        var name: String

        @Option(help: "The campus it is on (its code), if one.")
        var campus: String?

        func run() async throws {
            let merchant = try await shell.run { onboarding, user in
                try await onboarding.addMerchant(
                    code: code, name: name, campus: campus, in: try await onboarding.school(school, for: user), by: user)
            }
            try shell.print(["code": merchant.code, "name": merchant.name], text: ["Added merchant \(merchant.code) \(merchant.name)."])
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a school's merchants.")

        @OptionGroup var shell: OnboardingShell

        @Option(help: "The school's code.")
        var school: String

        func run() async throws {
            let merchants = try await shell.run { onboarding, user in
                try await onboarding.merchants(of: try await onboarding.school(school, for: user), for: user)
            }
            try shell.print(merchants.map { ["code": $0.code, "name": $0.name] }, text: merchants.map { "\($0.code)\t\($0.name)" })
        }
    }
}
