import CampusCardStore
import CampusCardTestSupport
import Foundation
import Testing

/// The cardholder's pages in a real browser (Tests/e2e: selenium driving headless Chromium, axe on
/// every page, zbarimg reading the payment code), against the built `campuscard serve` on each
/// engine. Without the tools (a laptop) the test is skipped and says what to install; CI sets
/// `CAMPUSCARD_REQUIRE_BROWSER_TESTS` so that a missing tool fails instead. One engine at a time: two
/// Chromiums beside the rest of the suite starve two cores.
@Suite(.serialized) struct CardholderPagesBrowserTests {
    static let tools: [(command: String, install: String)] = [
        ("chromium", "apt-get install chromium"), ("chromedriver", "apt-get install chromium-driver"),
        ("zbarimg", "apt-get install zbar-tools"), ("python3", "apt-get install python3"),
    ]

    static var missing: [String] {
        var missing = tools.filter { !onPath($0.command) }.map(\.install)
        if onPath("python3"), !python("import selenium, axe_selenium_python, pytest") {
            missing.append("python3 -m pip install selenium axe-selenium-python pytest")
        }
        return missing
    }

    static var required: Bool { ProcessInfo.processInfo.environment["CAMPUSCARD_REQUIRE_BROWSER_TESTS"] != nil }

    @Test(
        .enabled(if: required || missing.isEmpty, "the browser tests need: \(missing.joined(separator: "; "))"), arguments: Engine.available
    )
    func aStudentUsesThePagesInChromium(engine: Engine) async throws {
        try #require(Self.missing.isEmpty, "install: \(Self.missing.joined(separator: "; "))")
        try await TestDatabase.with(engine) { database in
            var environment = ["PYTHONDONTWRITEBYTECODE": "1"]
            if case .postgres(let url) = database.location { environment["E2E_POSTGRES_URL"] = url }
            let root = CommandRunner.executable.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            let run = try Self.run(
                ["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", "Tests/e2e"], in: root, environment: environment)
            #expect(
                run.status == 0,
                "the browser tests failed on \(engine) (screenshots in Tests/e2e/screenshots):\n\(run.output.suffix(6_000))")
        }
    }

    static func onPath(_ command: String) -> Bool {
        (try? run(["sh", "-c", "command -v \(command)"], in: URL(fileURLWithPath: "/"), environment: [:]).status) == 0
    }

    static func python(_ code: String) -> Bool {
        (try? run(["python3", "-c", code], in: URL(fileURLWithPath: "/"), environment: [:]).status) == 0
    }

    static func run(_ arguments: [String], in directory: URL, environment: [String: String]) throws -> (status: Int32, output: String) {
        let process = Process()
        let pipe = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
