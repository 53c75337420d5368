import CampusCardCore
import Testing

@Suite struct StaffRoleTests {
    @Test func eachRoleMayDoItsOwnWorkOnly() {
        #expect(StaffAction.allCases.allSatisfy { StaffRole.operator.may($0) })
        #expect(StaffAction.allCases.allSatisfy { StaffRole.admin.may($0) != ($0 == .runPlatform) })
        #expect(StaffAction.allCases.filter { StaffRole.clerk.may($0) } == [.read, .serveCardholders])
        #expect(StaffAction.allCases.filter { StaffRole.auditor.may($0) } == [.read, .audit])
        #expect(!StaffRole.schoolRoles.contains(.operator))
    }

    @Test func usernamesAreNormalisedOrRefusedWithTheRule() throws {
        #expect(try StaffUsername(entered: "  Newu-Admin ").rawValue == "newu-admin")
        for bad in ["ab", "1abc", "has space", "名字abc", String(repeating: "a", count: 33)] {
            #expect(throws: CardError.self) { try StaffUsername(entered: bad) }
        }
    }

    @Test func staffPasswordsAreLongAndRandomOnesDiffer() throws {
        #expect(throws: CardError.self) { try StaffPassword(chosen: "short") }
        #expect(throws: CardError.self) { try StaffPassword(chosen: "aaaaaaaaaaaa") }
        #expect(try StaffPassword(chosen: "demo-admin-pass").text == "demo-admin-pass")
        let made = (0..<50).map { _ in StaffPassword.random().text }
        #expect(Set(made).count == 50 && made.allSatisfy { $0.count == 16 && !$0.contains("0") && !$0.contains("l") })
    }

    @Test func pointOfSaleCodesAndNames() throws {
        #expect(try TerminalCode(entered: " pos-newu-1 ").rawValue == "POS-NEWU-1")
        #expect(try MerchantCode(entered: "canteen_2").rawValue == "CANTEEN_2")
        #expect(throws: CardError.self) { try TerminalCode(entered: "POS 1") }
        #expect(throws: CardError.self) { try MerchantCode(entered: "X") }
        #expect(try DisplayName("  第一食堂 ", field: "name").text == "第一食堂")
        #expect(throws: CardError.self) { try DisplayName("   ", field: "name") }
        #expect(throws: CardError.self) { try DisplayName("a\u{7}b", field: "name") }
    }
}
