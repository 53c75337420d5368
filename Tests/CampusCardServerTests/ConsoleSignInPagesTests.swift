import CampusCardCore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The console's way in over HTTP: the staff session's cookie, the form tokens, the language, and
/// what each role is shown.
@Suite struct ConsoleSignInPagesTests {
    @Test(arguments: Engine.available)
    func aClerkSignsInWithAStrictCookieAndSignsOut(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var browser = PageBrowser(f)
            let form = try await browser.get("/console")
            #expect(form.status == .ok && form.headers.contentType?.subType == "html")
            #expect(form.body.string.contains(#"name="password""#) && form.body.string.contains("校园卡管理台登录"))
            let password = f.credentials.staff.first { $0.username == "demo-clerk" }!.password
            let signedIn = try await browser.post(
                "/console/sign-in", ["_csrf": PageBrowser.formToken(form), "username": " demo-clerk ", "password": password])
            #expect(signedIn.status == .seeOther && signedIn.headers.first(name: .location) == "/console")
            let cookie = try #require(signedIn.headers[.setCookie].first { $0.hasPrefix("cc_staff=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/console"))
            #expect(!cookie.contains("Secure"))

            let home = try await browser.get("/console")
            #expect(home.status == .ok)
            for shown in ["演示服务中心", "示范大学", "校园卡服务中心", "退出"] { #expect(home.body.string.contains(shown), "\(shown)") }
            #expect(home.headers.first(name: .cacheControl) == "no-store")

            let out = try await browser.post("/console/sign-out", ["_csrf": PageBrowser.formToken(home)])
            #expect(out.status == .seeOther && browser.cookies["cc_staff"] == nil)
            #expect(try await f.app.store.sql.raw("SELECT COUNT(*) AS n FROM staff_sessions").first(decodingColumn: "n", as: Int.self) == 0)
            #expect(try await browser.get("/console").body.string.contains(#"name="password""#))
        }
    }

    @Test(arguments: Engine.available)
    func behindTLSTheStaffCookieIsSecure(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var browser = PageBrowser(f)
            browser.headers.replaceOrAdd(name: "X-Forwarded-Proto", value: "https")
            let password = f.credentials.staff.first { $0.username == "demo-admin" }!.password
            let signedIn = try await browser.signInToConsole("demo-admin", password)
            let cookie = try #require(signedIn.headers[.setCookie].first { $0.hasPrefix("cc_staff=") })
            #expect(cookie.contains("Secure") && cookie.contains("HttpOnly"))
        }
    }

    @Test(arguments: Engine.available)
    func aWrongPasswordOrADisabledAccountIsAnsweredOnTheForm(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var browser = PageBrowser(f)
            let wrong = try await browser.signInToConsole("demo-clerk", "not-the-password")
            #expect(wrong.status == .unauthorized && browser.cookies["cc_staff"] == nil)
            #expect(wrong.body.string.contains(#"value="demo-clerk""#) && wrong.body.string.contains("用户名或密码不正确"))
            let nobody = try await browser.signInToConsole("nobody", "not-the-password")
            #expect(nobody.status == .unauthorized)

            let password = try await f.addDemoStaff("demo-leaver", role: .clerk)
            _ = try await browser.signInToConsole("demo-leaver", password)
            try await f.app.store.sql.raw("UPDATE staff SET disabled_at_ms = 1 WHERE username = 'demo-leaver'").run()
            // a disabled account's session opens nothing, and it signs in no more
            let after = try await browser.get("/console")
            #expect(after.body.string.contains(#"name="password""#) && browser.cookies["cc_staff"] == nil)
            #expect(try await browser.signInToConsole("demo-leaver", password).status == .unauthorized)
        }
    }

    @Test(arguments: Engine.available)
    func aFormWithoutItsTokenChangesNothing(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var browser = PageBrowser(f)
            let password = f.credentials.staff.first { $0.username == "demo-clerk" }!.password
            _ = try await browser.get("/console")
            for token in [nil, "forged", browser.cookies["cc_device"]] {
                var form = ["username": "demo-clerk", "password": password]
                form["_csrf"] = token
                let refused = try await browser.post("/console/sign-in", form)
                #expect(refused.status == .forbidden && browser.cookies["cc_staff"] == nil)
            }
            try await browser.signInToConsole(demo: "demo-clerk")
            // the sign-in form's token (of the device) is not the session's
            var stranger = PageBrowser(f)
            let beforeToken = PageBrowser.formToken(try await stranger.get("/console"))
            for (path, form) in [("/console/sign-out", [String: String]()), ("/console/language", ["language": "en", "back": "/console"])] {
                for token in ["forged", beforeToken] {
                    let refused = try await browser.post(path, form.merging(["_csrf": token]) { a, _ in a })
                    #expect(refused.status == .forbidden, "\(path)")
                }
            }
            #expect(browser.cookies["cc_staff"] != nil && browser.cookies["cc_lang"] == nil)
            #expect(try await browser.get("/console").body.string.contains("演示服务中心"))
        }
    }

    @Test(arguments: Engine.available)
    func theEnglishSwitchIsRememberedAsOnThePhonePages(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var browser = PageBrowser(f)
            try await browser.signInToConsole(demo: "demo-clerk")
            let switched = try await browser.post(
                "/console/language", ["_csrf": try await browser.consoleToken(), "language": "en", "back": "/console"])
            #expect(switched.status == .seeOther && switched.headers.first(name: .location) == "/console")
            #expect(browser.cookies["cc_lang"] == "en")
            let english = try await browser.get("/console").body.string
            #expect(english.contains(#"lang="en""#) && english.contains("Sign out") && english.contains("Service-center clerk"))
            // the same cookie the phone pages read
            #expect(try await browser.get("/h5/DEMO").body.string.contains(#"<html lang="en">"#))
        }
    }

    @Test(arguments: Engine.available)
    func eachRoleIsShownWhatItMayAndItsOwnSchoolOnly(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let auditorPassword = try await f.addDemoStaff("demo-auditor", role: .auditor)
            var auditor = PageBrowser(f)
            _ = try await auditor.signInToConsole("demo-auditor", auditorPassword)
            let audited = try await auditor.get("/console").body.string
            #expect(audited.contains("审计（只读）") && audited.contains("账务核查") && !audited.contains("服务中心业务"))

            var admin = PageBrowser(f)
            try await admin.signInToConsole(demo: "demo-admin")
            let run = try await admin.get("/console").body.string
            #expect(run.contains("学校设置") && run.contains("服务中心业务") && !run.contains("开通学校"))

            let otherPassword = try await f.addOtherSchoolClerk()
            var other = PageBrowser(f)
            _ = try await other.signInToConsole("newu-clerk", otherPassword)
            let elsewhere = try await other.get("/console").body.string
            #expect(elsewhere.contains("新大学") && !elsewhere.contains("示范大学"))
        }
    }

    @Test(arguments: Engine.available)
    func noInputIsAnsweredWithA500(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var browser = PageBrowser(f)
            let token = try await browser.consoleToken()
            for form in [
                ["_csrf": token], ["_csrf": token, "username": String(repeating: "用", count: 5_000), "password": "x"],
                ["_csrf": token, "username": "demo-clerk\u{0}", "password": "\u{0}"],
                ["_csrf": token, "username": "' OR 1=1 --", "password": "' OR 1=1 --"],
            ] {
                let answer = try await browser.post("/console/sign-in", form)
                #expect(answer.status == .unauthorized)
            }
            browser.cookies["cc_staff"] = "forged"
            let forged = try await browser.get("/console")
            #expect(forged.status == .ok && forged.body.string.contains(#"name="password""#))
            #expect(try await browser.get("/console/nowhere").status == .notFound)
            let json = try await f.send(.POST, "console/sign-in", headers: ["Content-Type": "application/json"], body: "{\"_csrf\": [1]")
            #expect(json.status == .forbidden)
        }
    }
}
