import CampusCardCore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Correcting roster data from the console: an international student's passport registered after
/// a confirmation, through the API's RosterDesk, audited, and at once what they bind with;
/// refused on the form when malformed or for one who is not international, and to an auditor,
/// another school and a forged form.
@Suite struct ConsoleRosterPagesTests {
    static let anna = "/console/cardholders/20269001"
    static let passport = anna + "/roster/passport"

    static func passport(_ f: AppFixture, _ staffNumber: String = "20269001") async throws -> String? {
        try await f.app.store.sql.raw("SELECT passport FROM cardholders WHERE staff_number = \(bind: staffNumber)").first(
            decodingColumn: "passport", as: String?.self) ?? nil
    }

    @Test(arguments: Engine.available)
    func aClerkRegistersAPassportAfterConfirmingAndTheStudentBindsWithIt(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let phone = try await Phone.signIn(f, .alipay, user: "2088000000000004")
            let answers: [String: Any] = [
                "staff_number": "20269001", "name": "Anna Smith", "passport_number": "E98765432", "initial_password": NSNull(),
            ]
            #expect(try await phone.bind(answers).errorCode == "info_mismatch", "a new passport is not hers yet")

            var clerk = PageBrowser(f)
            try await clerk.signInToConsole(demo: "demo-clerk")
            #expect(try await clerk.get(Self.anna).body.string.contains(Self.passport))
            let form = try await clerk.get(Self.passport)
            #expect(form.status == .ok && form.body.string.contains("E12345678") && form.body.string.contains(#"name="passport""#))
            let token = PageBrowser.formToken(form)

            for (typed, shown) in [
                ("E1", "护照号格式不正确"), ("E-1234567", "护照号格式不正确"), ("E12\u{0}345678", "护照号格式不正确"), ("e12345678", "请填写新的护照号"),
                ("  ", "请填写新的护照号"),
            ] {
                let refused = try await clerk.post(Self.passport + "/confirm", ["_csrf": token, "passport": typed])
                #expect(
                    refused.status == .unprocessableEntity && refused.body.string.contains("passport-error")
                        && refused.body.string.contains(shown), "\(typed)")
            }
            let confirm = try await clerk.post(Self.passport + "/confirm", ["_csrf": token, "passport": " e98765432 "])
            let said = confirm.body.string
            #expect(
                confirm.status == .ok && said.contains("将为 Anna Smith（20269001）登记护照号 E98765432") && said.contains("原护照号 E12345678 不再可用"))
            #expect(said.contains(#"name="passport" value="E98765432""#))
            #expect(try await Self.passport(f) == "E12345678", "nothing before the confirmation")

            let done = try await clerk.post(Self.passport, ["_csrf": token, "passport": "E98765432"])
            #expect(done.status == .seeOther && done.headers.first(name: .location) == Self.anna + "?done=passport")
            #expect(try await Self.passport(f) == "E98765432")
            let profile = try await clerk.get(Self.anna + "?done=passport").body.string
            #expect(profile.contains("已办理：登记护照号") && profile.contains("passport=E98765432") && profile.contains("staff:demo-clerk"))
            #expect(try await clerk.get("/console/cardholders?q=e98765432").body.string.contains(Self.anna), "found by it at once")
            #expect(try await phone.bind(answers).status == .ok, "she binds with it at once")
        }
    }

    @Test(arguments: Engine.available)
    func aStudentWhoIsNotInternationalAndBadPathsAreRefusedNeverA500(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var clerk = PageBrowser(f)
            try await clerk.signInToConsole(demo: "demo-clerk")
            let token = try await clerk.consoleToken()
            let zhang = "/console/cardholders/20260001/roster/passport"
            #expect(!(try await clerk.get("/console/cardholders/20260001").body.string.contains(zhang)))
            let page = try await clerk.get(zhang)
            #expect(page.status == .ok && page.body.string.contains("护照号只为留学生登记") && !page.body.string.contains(#"name="passport""#))
            for path in [zhang + "/confirm", zhang] {
                let refused = try await clerk.post(path, ["_csrf": token, "passport": "E7654321"])
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains("只有留学生登记护照号"), "\(path)")
            }
            #expect(try await Self.passport(f, "20260001") == nil)
            for path in [Self.anna + "/roster/explode", Self.anna + "/roster/%00"] {
                #expect(try await clerk.get(path).status == .notFound, "\(path)")
                #expect(try await clerk.post(path, ["_csrf": token, "passport": "E7654321"]).status == .notFound, "\(path)")
            }
            try await f.expectCounterActionRefused(profile: Self.anna, action: "/roster/passport", form: ["passport": "E7654321"])
            #expect(try await Self.passport(f) == "E12345678")
        }
    }
}
