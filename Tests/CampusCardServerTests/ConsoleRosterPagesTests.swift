import CampusCardCore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Correcting roster data from the console: a name and campus, or an international student's
/// passport, after a confirmation, through the API's RosterDesk, audited, and at once what they
/// bind with; refused on the form when malformed, unchanged or (a passport) for one who is not
/// international, and to an auditor, another school and a forged form.
@Suite struct ConsoleRosterPagesTests {
    static let anna = "/console/cardholders/20269001"
    static let passport = anna + "/roster/passport"

    static func passport(_ f: AppFixture, _ staffNumber: String = "20269001") async throws -> String? {
        try await f.app.store.sql.raw("SELECT passport FROM cardholders WHERE staff_number = \(bind: staffNumber)").first(
            decodingColumn: "passport", as: String?.self) ?? nil
    }

    @Test(arguments: Engine.available)
    func aClerkRegistersAPassportAfterConfirmingAndTheRosterTakesItAtOnce(engine: Engine) async throws {
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
            ] {
                let refused = try await clerk.post(Self.passport + "/confirm", ["_csrf": token, "passport": typed])
                #expect(
                    refused.status == .unprocessableEntity && refused.body.string.contains("passport-error")
                        && refused.body.string.contains(shown), "\(typed)")
            }
            let empty = try await clerk.post(Self.passport + "/confirm", ["_csrf": token, "passport": "  "])
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("没有要更正的内容"))
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
            // the roster takes her new passport at once; the face step, which no provider does for a
            // passport, is what sends her to the service center
            let after = try await phone.bind(answers)
            #expect(after.errorCode == "face_verification_invalid")
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

    @Test(arguments: Engine.available)
    func aClerkCorrectsTheNameAndCampusAfterConfirmingAndTheCardholderBindsWithThem(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let details = "/console/cardholders/20260001/roster/details"
            var clerk = PageBrowser(f)
            try await clerk.signInToConsole(demo: "demo-clerk")
            #expect(try await clerk.get("/console/cardholders/20260001").body.string.contains(details))
            let form = try await clerk.get(details)
            #expect(form.status == .ok && form.body.string.contains(#"name="name""#) && form.body.string.contains(#"value="张三""#))
            #expect(form.body.string.contains(#"<option value="MAIN" selected>主校区（海淀）</option>"#))
            let token = PageBrowser.formToken(form)

            // an unknown campus comes only from a hand-made form: the API's 404, on the form
            for (typed, status, shown) in [
                (["name": "张三", "campus": "MAIN"], HTTPStatus.unprocessableEntity, "没有要更正的内容"),
                (["name": "张\u{0}三", "campus": "MAIN"], .unprocessableEntity, "name-error"),
                (["name": "张叁", "campus": "MOON"], .notFound, "campus-error"),
                (["name": "张叁", "campus": "\u{0}"], .notFound, "campus-error"),
            ] {
                let refused = try await clerk.post(details + "/confirm", typed.merging(["_csrf": token]) { a, _ in a })
                #expect(refused.status == status && refused.body.string.contains(shown), "\(typed)")
            }
            let confirm = try await clerk.post(details + "/confirm", ["_csrf": token, "name": "张叁", "campus": "EAST"])
            #expect(confirm.status == .ok && confirm.body.string.contains("将更正 张三（20260001）的名单信息：姓名 张三 → 张叁；校区 主校区（海淀） → 东校区（昌平）"))
            let done = try await clerk.post(details, ["_csrf": token, "name": "张叁", "campus": "EAST"])
            #expect(done.status == .seeOther && done.headers.first(name: .location) == "/console/cardholders/20260001?done=corrected")
            let profile = try await clerk.get("/console/cardholders/20260001?done=corrected").body.string
            #expect(profile.contains("已办理：更正名单信息") && profile.contains("东校区（昌平）") && profile.contains("campus=EAST; name=张叁"))

            // the next request sees it: the old name no longer binds, the new one does
            let phone = try await Phone.signIn(f, .schoolApp, user: "20260001")
            #expect(try await phone.bind().errorCode == "info_mismatch")
            let face = try await phone.face(name: "张叁")
            #expect(try await phone.bind(["name": "张叁", "campus": "EAST"], face: face).status == .ok)
            // only what changed is corrected: the campus alone
            let campus = try await clerk.post(details + "/confirm", ["_csrf": token, "name": "张叁", "campus": "MAIN"])
            #expect(campus.body.string.contains("校区 东校区（昌平） → 主校区（海淀）") && !campus.body.string.contains("姓名 张叁 →"))
            try await f.expectCounterActionRefused(
                profile: "/console/cardholders/20260001", action: "/roster/details", form: ["name": "李四", "campus": "MAIN"])
        }
    }
}
