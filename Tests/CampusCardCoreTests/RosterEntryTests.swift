import CampusCardCore
import Foundation
import Testing

@Suite struct RosterEntryTests {
    let settings = SchoolSettings.defaults

    @Test func initialPasswordIsTheLastSixWithXAsZero() throws {
        #expect(try NationalID("11010519491231002X").initialPassword == "310020")
        #expect(try NationalID("11010519491231002x").digits == "11010519491231002X")
        #expect(!"\(try NationalID("11010519491231002X"))".contains("1101"), "never printed")
        #expect(try NationalID("110105491231002").initialPassword == "231002")
    }

    @Test(arguments: ["11010519491231002Y", "110105194912310020", "1101051949123100", "", "11010519491231002Ｘ"])
    func refusesMalformedNationalIDs(text: String) {
        #expect(throws: CardError.self) { try NationalID(text) }
    }

    @Test func staffNumbersAreEightToTwelveDigitsAndNeverAPhoneNumber() throws {
        #expect(try StaffNumber("20230001", digits: 8...12).rawValue == "20230001")
        #expect(try StaffNumber(" ２０２３０００１\u{3000}", digits: 8...12).rawValue == "20230001")
        #expect(try StaffNumber("\t2023０００1 ", digits: 8...12).rawValue == "20230001")
        #expect(throws: CardError.staffNumberIsPhoneNumber) { try StaffNumber("１３８００１３８０００", digits: 8...12) }
        #expect(throws: CardError.staffNumberInvalid(digits: 8...12)) { try StaffNumber("2023 0001", digits: 8...12) }
        #expect(try StaffNumber("202300010001", digits: 8...12).rawValue == "202300010001")
        #expect(throws: CardError.staffNumberIsPhoneNumber) { try StaffNumber("13800138000", digits: 8...12) }
        #expect(throws: CardError.staffNumberInvalid(digits: 8...12)) { try StaffNumber("2023001", digits: 8...12) }
        #expect(throws: CardError.staffNumberInvalid(digits: 8...12)) { try StaffNumber("2023000100012", digits: 8...12) }
        #expect(throws: CardError.staffNumberInvalid(digits: 8...12)) { try StaffNumber("2023A001", digits: 8...12) }
        #expect(throws: CardError.staffNumberInvalid(digits: 8...12)) { try StaffNumber("２０２３Ａ００１", digits: 8...12) }
    }

    @Test func namesKeepTheirCase() throws {
        #expect(try RealName("Anna Smith") != RealName("anna smith"))
        #expect(try RealName("阿依古丽·买买提").rawValue == "阿依古丽·买买提")
        #expect(throws: CardError.nameInvalid) { try RealName(" 张三") }
        #expect(throws: CardError.nameInvalid) { try RealName("Robert'); DROP TABLE--") }
    }

    @Test func aStudentRowNeedsANationalIDAndAnInternationalRowNone() throws {
        let student = try RosterEntry(
            fields: [.staffNumber: "20230001", .name: "张三", .kind: "学生", .nationalID: "11010519491231002X"], settings: settings)
        #expect(student.initialPassword == "310020")
        #expect(student.cardNumber.rawValue == "20230001")
        #expect(throws: CardError.nationalIDInvalid) {
            try RosterEntry(fields: [.staffNumber: "20230001", .name: "张三", .kind: "student"], settings: settings)
        }
        let international = try RosterEntry(
            fields: [.staffNumber: "20239001", .name: "Anna Smith", .kind: "international", .passport: "e1234567"], settings: settings)
        #expect(international.initialPassword == nil)
        #expect(international.passport?.rawValue == "E1234567")
    }

    @Test func leaveDatesAreRealDates() throws {
        #expect(LocalDate("2026-02-29") == nil)
        #expect(LocalDate("2028-02-29") != nil)
        #expect(LocalDate("2026-7-1") == nil)
        #expect(LocalDate("2026-08-31")!.adding(months: 1) == LocalDate("2026-09-30"))
        #expect(LocalDate("2026-07-01")!.adding(months: 3) == LocalDate("2026-10-01"))
        #expect(throws: CardError.self) {
            try RosterEntry(
                fields: [
                    .staffNumber: "20230001", .name: "张三", .kind: "student", .nationalID: "11010519491231002X", .leaveDate: "2026-13-01",
                ], settings: settings)
        }
    }
}

@Suite struct GraduateFreezeTests {
    let rule = GraduateFreeze(settings: .defaults)

    @Test func threeMonthsAfterLeavingInTheSchoolsCalendar() {
        #expect(rule.freezeDate(leftOn: LocalDate("2026-07-01")!) == LocalDate("2026-10-01"))
        #expect(rule.freezeDate(leftOn: LocalDate("2026-08-31")!) == LocalDate("2026-11-30"))
        #expect(rule.latestLeaveDateFrozen(on: LocalDate("2026-10-01")!) == LocalDate("2026-07-01"))
        #expect(rule.latestLeaveDateFrozen(on: LocalDate("2026-09-30")!) == LocalDate("2026-06-30"))
        #expect(rule.latestLeaveDateFrozen(on: LocalDate("2026-11-30")!) == LocalDate("2026-08-31"))
        #expect(rule.latestLeaveDateFrozen(on: LocalDate("2027-02-28")!) == LocalDate("2026-11-30"))
    }

    @Test func theSchoolsLocalDayDecides() {
        // 2026-09-30T16:00Z is already 1 October in Shanghai
        let instant = Date(timeIntervalSince1970: 1_790_784_000)
        #expect(LocalDate(instant, in: TimeZone(identifier: "Asia/Shanghai")!) == LocalDate("2026-10-01"))
        #expect(LocalDate(instant, in: TimeZone(identifier: "UTC")!) == LocalDate("2026-09-30"))
    }
}
