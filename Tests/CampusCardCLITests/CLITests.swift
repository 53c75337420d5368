import CampusCardCore
import CampusCardStore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite(.serialized) struct CLITests {
    @Test func everyCommandExplainsItself() throws {
        let runner = CommandRunner(directory: try CommandRunner.temporaryDirectory())
        for (command, phrase) in [
            ("serve", "Run the CampusCard server"), ("migrate", "schema"), ("import-roster", "roster"), ("audit", "Prove the ledger"),
            ("school", "Create and look at schools"), ("staff", "staff accounts"), ("operator", "operators"),
            ("merchant", "canteens and shops"), ("terminal", "POS terminals"),
        ] {
            let output = try runner.run([command, "--help"])
            #expect(output.status == 0)
            #expect(output.text.contains(phrase), "\(command): \(output.text)")
        }
    }

    /// The upkeep credits lost payments, so it cannot be switched off by an interval of 0.
    @Test func serveRefusesAnUpkeepIntervalOrQueryDelayOutOfBounds() throws {
        let runner = CommandRunner(directory: FileManager.default.temporaryDirectory)
        for (option, value) in [("--upkeep-interval", "0"), ("--upkeep-interval", "-5"), ("--top-up-query-delay", "10")] {
            let output = try runner.run(["serve", option, value])
            #expect(output.status != 0)
            #expect(output.text.contains(option), "\(output.text)")
        }
    }

    @Test func serveStartsOnANewSQLiteFileWithTheDemoSchool() async throws {
        // given a new folder and a free port
        let folder = try CommandRunner.temporaryDirectory()
        let port = CommandRunner.freePort()
        let runner = CommandRunner(directory: folder)
        // when
        let started = Date()
        let (process, pipe) = try runner.start(["serve", "--port", "\(port)"])
        defer { process.terminate() }
        // then /healthz answers within 30 s and the demo credentials were printed
        #expect(await CommandRunner.waitForOK(URL(string: "http://127.0.0.1:\(port)/healthz")!, seconds: 30))
        #expect(Date().timeIntervalSince(started) < 30)
        process.terminate()
        process.waitUntilExit()
        let printed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(printed.contains("demo-admin / demo-admin-pass"))
        #expect(printed.contains("http://127.0.0.1:\(port)"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("campuscard.sqlite").path))
        // and the audit holds on the demo data, then fails naming an account altered by hand
        #expect(try runner.run(["audit"]).status == 0)
        let runtime = try DatabaseRuntime(.sqlite(path: folder.appendingPathComponent("campuscard.sqlite").path))
        try await runtime.database.sql.raw("UPDATE accounts SET balance = balance - 1 WHERE label = 'purse:20220001'").run()
        await runtime.shutdown()
        let audit = try runner.run(["audit"])
        #expect(audit.status == 1)
        #expect(audit.text.contains("purse:20220001"))
    }

    @Test func importRosterReportsBadLinesAndReimportChangesNothing() async throws {
        let folder = try CommandRunner.temporaryDirectory()
        let runner = CommandRunner(directory: folder)
        // given the demo school, seeded by a first `serve`
        let port = CommandRunner.freePort()
        let (process, _) = try runner.start(["serve", "--port", "\(port)"])
        #expect(await CommandRunner.waitForOK(URL(string: "http://127.0.0.1:\(port)/healthz")!, seconds: 30))
        process.terminate()
        process.waitUntilExit()
        let file = folder.appendingPathComponent("roster.csv")
        try """
        staff_number,name,kind,campus,national_id
        20261001,新生甲,student,MAIN,320106200507073212
        2026100,坏行,student,MAIN,320106200507073212
        20261002,新生乙,student,NOWHERE,320106200507073212
        """.write(to: file, atomically: true, encoding: .utf8)
        // when
        let first = try runner.run(["import-roster", "--school", "DEMO", file.path])
        // then
        #expect(first.status == 1)
        #expect(first.text.contains("line 3: staff_number_invalid"))
        #expect(first.text.contains("line 4: unknown_campus"))
        #expect(first.text.contains("Created 1, updated 0, unchanged 0, refused 2."))
        #expect(!first.text.contains("320106200507073212"))
        let again = try runner.run(["import-roster", "--school", "DEMO", file.path])
        #expect(again.text.contains("Created 0, updated 0, unchanged 1, refused 2."))
    }

    @Test(arguments: Engine.available.filter { $0 == .postgres })
    func serveOnPostgreSQLNeedsAKeyAndThenAnswers(engine: Engine) async throws {
        try await TestDatabase.with(engine) { database in
            guard case .postgres(let url) = database.location else { return }
            let folder = try CommandRunner.temporaryDirectory()
            // without a master key, start-up names what is missing
            let refused = try CommandRunner(directory: folder).run(["serve", "--database", url, "--port", "\(CommandRunner.freePort())"])
            #expect(refused.status != 0)
            #expect(refused.text.contains("CAMPUSCARD_MASTER_KEY"))
            // with one, two processes share the database
            let runner = CommandRunner(environment: ["CAMPUSCARD_MASTER_KEY": MasterKey.generate().base64], directory: folder)
            let ports = [CommandRunner.freePort(), CommandRunner.freePort()]
            let first = try runner.start(["serve", "--database", url, "--port", "\(ports[0])", "--demo", "true"])
            defer { first.0.terminate() }
            #expect(await CommandRunner.waitForOK(URL(string: "http://127.0.0.1:\(ports[0])/healthz")!, seconds: 30))
            let second = try runner.start(["serve", "--database", url, "--port", "\(ports[1])"])
            defer { second.0.terminate() }
            #expect(await CommandRunner.waitForOK(URL(string: "http://127.0.0.1:\(ports[1])/healthz")!, seconds: 30))
            #expect(try runner.run(["audit", "--database", url]).status == 0)
        }
    }
}
