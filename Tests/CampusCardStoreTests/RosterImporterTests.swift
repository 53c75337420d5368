import CampusCardCore
import CampusCardStore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing

@Suite struct RosterImporterTests {
    static let header = "学工号,姓名,类别,校区,身份证号,护照号,离校日期,卡号"

    static let good = [
        "20260001,张三,学生,MAIN,440305200001011235,,,",
        "20169001,李老师,教职工,,310115199908154565,,,C0001",
        "20269001,Anna Smith,留学生,MAIN,,E12345678,,",
        "20220001,王五,学生,MAIN,110108200102037890,,2026-07-01,",
    ]

    static let bad = [
        "13800138000,手机号,学生,MAIN,440305200001011235,,,",  // line 6: a phone number
        "20260002,赵六,学生,WEST,440305200001011235,,,",  // line 7: unknown campus
        "20260003,钱七,学生,MAIN,440305200001011236,,,",  // line 8: bad check digit
        "20260001,张三,学生,MAIN,440305200001011235,,,",  // line 9: repeats line 2
        "20260004,孙八,teacher,MAIN,440305200001011235,,,",  // line 10: unknown kind
    ]

    @Test(arguments: Engine.available)
    func importsGoodRowsAndReportsEachBadRowByLine(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let (school, importer) = try await setUp(runtime)
                // when
                let report = try await importer.importRoster(
                    csv: ([Self.header] + Self.good + Self.bad).joined(separator: "\n"), school: school, actor: "test",
                    at: LedgerFixture.now)
                // then
                #expect(report.created == 4)
                #expect(report.problems.map(\.line) == [6, 7, 8, 9, 10])
                #expect(
                    report.problems.map(\.error.code) == [
                        .staffNumberIsPhoneNumber, .unknownCampus, .nationalIDInvalid, .invalidField, .invalidField,
                    ])
                let card = try await CardStore(runtime.database.sql).card(schoolID: school.id, number: CardNumber(rawValue: "C0001")!)
                #expect(card?.status == .active)
                // the national ID itself is stored nowhere
                let stored = try await runtime.database.sql.raw("SELECT initial_secret_hash FROM cardholders").all(
                    decodingColumn: "initial_secret_hash", as: String?.self)
                #expect(stored.compactMap { $0 }.allSatisfy { !$0.contains("011235") && $0.hasPrefix("h1$") })
            }
        }
    }

    @Test(arguments: Engine.available)
    func aLastRowEndingInAnEmptyFieldWithoutANewlineIsWhole(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let (school, importer) = try await setUp(runtime)
                let report = try await importer.importRoster(
                    csv: "staff_number,name,kind,campus,national_id,leave_date\n20260001,张三,student,MAIN,440305200001011235,",
                    school: school,
                    actor: "test", at: LedgerFixture.now)
                #expect(report.problems.isEmpty, "\(report.problems)")
                #expect(report.created == 1)
            }
        }
    }

    @Test(arguments: Engine.available)
    func reimportingTheSameFileChangesNothing(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let (school, importer) = try await setUp(runtime)
                let file = ([Self.header] + Self.good).joined(separator: "\n")
                _ = try await importer.importRoster(csv: file, school: school, actor: "test", at: LedgerFixture.now)
                let snapshot = try await runtime.database.sql.raw("SELECT * FROM cardholders ORDER BY id").all().count
                let hashes = try await runtime.database.sql.raw("SELECT initial_secret_hash FROM cardholders ORDER BY id").all(
                    decodingColumn: "initial_secret_hash", as: String?.self)
                // when
                let again = try await importer.importRoster(
                    csv: file, school: school, actor: "test", at: LedgerFixture.now.addingTimeInterval(60))
                // then
                #expect(again.created == 0 && again.updated == 0 && again.unchanged == 4 && again.problems.isEmpty)
                #expect(try await runtime.database.sql.raw("SELECT * FROM cardholders ORDER BY id").all().count == snapshot)
                #expect(
                    try await runtime.database.sql.raw("SELECT initial_secret_hash FROM cardholders ORDER BY id").all(
                        decodingColumn: "initial_secret_hash", as: String?.self) == hashes)
            }
        }
    }

    @Test(arguments: Engine.available)
    func aChangedRowUpdatesTheCardholderAndNotTheirMoney(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let (school, importer) = try await setUp(runtime)
                let db = runtime.database
                _ = try await importer.importRoster(
                    csv: ([Self.header] + Self.good).joined(separator: "\n"), school: school, actor: "test", at: LedgerFixture.now)
                let card = try await CardStore(db.sql).card(schoolID: school.id, number: CardNumber(rawValue: "20260001")!)!
                let request = try TransferRequest(
                    kind: .topUp, from: try await SchoolStore(db.sql).account(.clearing(.alipay), of: school.id), to: card.purse,
                    amount: .yuan(88),
                    key: IdempotencyKey(scope: "alipay", key: "T1"))
                _ = try await db.transaction { sql in try await LedgerStore(sql).post(request, schoolID: school.id, at: LedgerFixture.now) }
                // when the registrar corrects a name and a leave date
                var changed = Self.good
                changed[0] = "20260001,张叁,学生,MAIN,440305200001011235,,2027-07-01,"
                let report = try await importer.importRoster(
                    csv: ([Self.header] + changed).joined(separator: "\n"), school: school, actor: "test", at: LedgerFixture.now)
                // then
                #expect(report.updated == 1 && report.unchanged == 3)
                let row = try await db.sql.raw("SELECT name, leave_date FROM cardholders WHERE staff_number = '20260001'").first()!
                #expect(try row.decode(column: "name", as: String.self) == "张叁")
                #expect(try row.decode(column: "leave_date", as: String.self) == "2027-07-01")
                #expect(try await LedgerStore(db.sql).balance(of: card.purse.id) == .yuan(88))
                #expect(try await LedgerAuditor(db).audit().holds)
            }
        }
    }

    @Test(arguments: Engine.available)
    func aCardNumberIsNeverTakenFromItsHolder(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let (school, importer) = try await setUp(runtime)
                _ = try await importer.importRoster(
                    csv: ([Self.header] + Self.good).joined(separator: "\n"), school: school, actor: "test", at: LedgerFixture.now)
                let report = try await importer.importRoster(
                    csv: [Self.header, "20260009,新同学,学生,MAIN,320106200507073212,,,C0001"].joined(separator: "\n"), school: school,
                    actor: "test", at: LedgerFixture.now)
                #expect(report.created == 0)
                #expect(report.problems.map(\.line) == [2])
            }
        }
    }

    @Test(arguments: Engine.available)
    func aFileWithAnUnknownColumnIsRefusedWhole(engine: Engine) async throws {
        try await TestDatabase.with(engine) { test in
            try await test.connect { runtime in
                let (school, importer) = try await setUp(runtime)
                await #expect(throws: CardError.self) {
                    try await importer.importRoster(
                        csv: "学工号,姓名,类别,生日\n20260001,张三,学生,2000-01-01", school: school, actor: "test", at: LedgerFixture.now)
                }
                await #expect(throws: CardError.self) {
                    try await importer.importRoster(csv: "姓名,类别\n张三,学生", school: school, actor: "test", at: LedgerFixture.now)
                }
                #expect(try await runtime.database.sql.raw("SELECT id FROM cardholders").all().isEmpty)
            }
        }
    }

    private func setUp(_ runtime: DatabaseRuntime) async throws -> (SchoolRecord, RosterImporter) {
        let school = try await SchoolStore(runtime.database.sql).create(
            code: SchoolCode(rawValue: "ROSTER")!, name: "名单大学", timeZone: TimeZone(identifier: "Asia/Shanghai")!,
            campuses: [(CampusCode(rawValue: "MAIN")!, "主校区")], at: LedgerFixture.now)
        return (school, RosterImporter(runtime.database, secrets: MasterKey.generate().key.cardSecrets))
    }
}
