import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The setup pages over the same services as the API: the operator opens a school and its
/// administrator runs it; a password or a terminal's secret is on the answer that made it and on
/// no page after; every change is confirmed first; roles hold per page and per action, another
/// school's accounts and terminals are 404, and a form without the session's token is refused.
@Suite struct ConsoleOnboardingPagesTests {
    /// The `id="secret"` a shown-once page holds.
    static func secret(_ page: TestingHTTPResponse) throws -> String {
        let html = page.body.string
        let start = try #require(html.range(of: #"id="secret">"#))
        return String(html[start.upperBound...].prefix { $0 != "<" })
    }

    static func operatorBrowser(_ f: AppFixture) async throws -> PageBrowser {
        let issued = try await Onboarding(store: f.app.store, masterKey: f.key, now: AppFixture.now).addOperator(
            username: "ops", displayName: "平台运维", by: .shell(user: "root"))
        var ops = PageBrowser(f)
        #expect(try await ops.signInToConsole("ops", issued.password).status == .seeOther)
        return ops
    }

    @Test(arguments: Engine.available)
    func theOperatorOpensASchoolWhoseAdministratorSignsInWithThePasswordShownOnce(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var ops = try await Self.operatorBrowser(f)
            #expect(try await ops.get("/console").body.string.contains(#"href="/console/platform/schools""#))
            // a school's own page leads the operator to the schools, never a 500
            for path in ["/console/cardholders?q=张", "/console/settings", "/console/staff", "/console/terminals"] {
                let led = try await ops.get(path)
                #expect(led.status == .seeOther && led.headers.first(name: .location) == "/console/platform/schools", "\(path)")
            }
            let list = try await ops.get("/console/platform/schools")
            #expect(list.status == .ok && list.body.string.contains(#"id="school-DEMO""#) && list.body.string.contains("已开通（1 位管理员）"))
            let token = PageBrowser.formToken(list)
            let form = [
                "_csrf": token, "code": "newu", "name": "新大学", "name_en": "New University", "time_zone": "Asia/Shanghai",
                "campuses": "MAIN 主校区\nEAST 东校区", "username": "newu-admin", "display_name": "王老师",
            ]
            let bad = try await ops.post("/console/platform/schools", form.merging(["campuses": "x 主"]) { _, new in new })
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains(#"id="campuses-error""#))
            #expect(try await ops.post("/console/platform/schools", form.merging(["_csrf": ""]) { _, new in new }).status == .forbidden)
            let created = try await ops.post("/console/platform/schools", form)
            #expect(created.status == .created && created.headers.first(name: .cacheControl) == "no-store")
            let password = try Self.secret(created)
            #expect(password.count == 16 && created.body.string.contains("只显示这一次"))
            let taken = try await ops.post("/console/platform/schools", form)
            #expect(taken.status == .conflict && taken.body.string.contains("已存在"))

            let school = try await ops.get("/console/platform/schools/NEWU")
            #expect(school.status == .ok && school.body.string.contains("newu-admin") && school.body.string.contains("东校区（EAST）"))
            for later in [school, try await ops.get("/console/platform/schools")] { #expect(!later.body.string.contains(password)) }
            var admin = PageBrowser(f)
            #expect(try await admin.signInToConsole("newu-admin", password).headers.first(name: .location) == "/console")
            #expect(try await admin.get("/console/staff").body.string.contains("王老师"))
            #expect(try await admin.get("/console/platform/schools").status == .forbidden, "a school's administrator is no operator")
            #expect(try await admin.get("/console/platform/schools/NEWU").status == .forbidden)

            // another administrator, confirmed first; then the first one's password reset, shown once
            let base = "/console/platform/schools/NEWU/staff"
            let confirm = try await ops.post(
                base + "/confirm", ["_csrf": token, "username": "newu-admin2", "display_name": "李老师", "role": "admin"])
            #expect(confirm.status == .ok && confirm.body.string.contains(#"id="consequence""#))
            #expect(try await f.app.store.sql.raw("SELECT id FROM staff WHERE username = 'newu-admin2'").first() == nil)
            let second = try await ops.post(base, ["_csrf": token, "username": "newu-admin2", "display_name": "李老师", "role": "admin"])
            #expect(try second.status == .created && Self.secret(second).count == 16)
            let resetConfirm = try await ops.get(base + "/newu-admin/password")
            #expect(resetConfirm.status == .ok && resetConfirm.body.string.contains("旧密码立即失效"))
            let reset = try await ops.post(base + "/newu-admin/password", ["_csrf": token])
            let newPassword = try Self.secret(reset)
            #expect(reset.status == .ok && newPassword != password && reset.headers.first(name: .cacheControl) == "no-store")
            #expect(try await admin.get("/console/staff").status == .seeOther, "the old session ended")
            var stale = PageBrowser(f)
            #expect(try await stale.signInToConsole("newu-admin", password).status == .unauthorized)
            #expect(try await ops.get("/console/platform/schools/NOPE").status == .notFound)
            let audit = try await f.app.store.sql.raw("SELECT action FROM audit_log WHERE actor = 'staff:ops' ORDER BY id").all(
                decodingColumn: "action", as: String.self)
            #expect(audit == ["school_created", "staff_added", "staff_password_reset"])
        }
    }

    @Test(arguments: Engine.available)
    func anAdministratorRunsTheStaffAfterEachConfirmationAndKeepsTheLastAdministrator(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var admin = PageBrowser(f)
            try await admin.signInToConsole(demo: "demo-admin")
            let token = try await admin.consoleToken()
            let typed = ["_csrf": token, "username": "Demo Clerk2", "display_name": "新柜员", "role": "clerk"]
            let refused = try await admin.post("/console/staff/confirm", typed)
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains(#"id="username-error""#))
            let confirm = try await admin.post("/console/staff/confirm", typed.merging(["username": "clerk2"]) { _, new in new })
            #expect(confirm.body.string.contains("将为示范大学添加校园卡服务中心账号“clerk2”"))
            let added = try await admin.post("/console/staff", typed.merging(["username": "clerk2"]) { _, new in new })
            let password = try Self.secret(added)
            #expect(added.status == .created && added.headers.first(name: .cacheControl) == "no-store")
            #expect(!(try await admin.get("/console/staff").body.string.contains(password)), "shown once")

            let role = try await admin.get("/console/staff/clerk2/role?role=auditor")
            #expect(role.body.string.contains("由校园卡服务中心改为审计（只读）"))
            let changed = try await admin.post("/console/staff/clerk2/role", ["_csrf": token, "role": "auditor"])
            #expect(changed.status == .seeOther && changed.headers.first(name: .location) == "/console/staff?done=role")
            #expect(try await StaffStore(f.app.store.sql).member(username: "clerk2")?.role == .auditor)
            #expect(try await admin.get("/console/staff/clerk2/disable").body.string.contains("不能再登录"))
            #expect(try await admin.post("/console/staff/clerk2/disable", ["_csrf": token]).status == .seeOther)
            #expect(try await admin.get("/console/staff/clerk2/disable").status == .notFound, "disabled already")
            var gone = PageBrowser(f)
            #expect(try await gone.signInToConsole("clerk2", password).status == .unauthorized)

            // the service keeps the last administrator, and the page says so
            for (path, form) in [("/console/staff/demo-admin/disable", [:]), ("/console/staff/demo-admin/role", ["role": "clerk"])] {
                let last = try await admin.post(path, form.merging(["_csrf": token]) { a, _ in a })
                #expect(last.status == .conflict && last.body.string.contains("这是本校最后一位管理员"), "\(path)")
            }
            #expect(try await StaffStore(f.app.store.sql).member(username: "demo-admin")?.role == .admin)
            #expect(try await admin.post("/console/staff/demo-clerk/disable", [:]).status == .forbidden, "no token")
            #expect(try await admin.get("/console/staff/demo-clerk/elsewhere").status == .notFound)
            #expect(try await admin.get("/console/staff/demo-clerk/role?role=operator").status == .unprocessableEntity)

            // a clerk reads the list and changes nothing; another school's administrator finds no one
            var clerk = PageBrowser(f)
            try await clerk.signInToConsole(demo: "demo-clerk")
            let read = try await clerk.get("/console/staff")
            #expect(read.status == .ok && read.body.string.contains("demo-admin") && !read.body.string.contains("/console/staff/confirm"))
            let clerkToken = try await clerk.consoleToken()
            #expect(try await clerk.get("/console/staff/demo-admin/password").status == .forbidden)
            #expect(try await clerk.post("/console/staff/demo-admin/password", ["_csrf": clerkToken]).status == .forbidden)
            #expect(
                try await clerk.post("/console/staff", typed.merging(["_csrf": clerkToken, "username": "mine"]) { _, new in new }).status
                    == .forbidden)
            var other = try await f.otherSchoolConsoleClerk(role: .admin)
            let otherToken = try await other.consoleToken()
            #expect(!(try await other.get("/console/staff").body.string.contains("demo-clerk")))
            #expect(try await other.get("/console/staff/demo-clerk/disable").status == .notFound)
            #expect(try await other.post("/console/staff/demo-clerk/password", ["_csrf": otherToken]).status == .notFound)
            #expect(try await other.get("/console/platform/schools/DEMO/staff").status == .forbidden)
        }
    }

    @Test(arguments: Engine.available)
    func aTerminalsSecretIsShownOnceAndReKeyingOrDisablingStopsTheOldOne(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var admin = PageBrowser(f)
            try await admin.signInToConsole(demo: "demo-admin")
            let token = try await admin.consoleToken()
            let merchant = try await admin.post(
                "/console/merchants", ["_csrf": token, "merchant_code": "shop1", "name": "校园超市", "campus_code": "EAST"])
            #expect(merchant.status == .seeOther && merchant.headers.first(name: .location) == "/console/merchants?done=added")
            #expect(try await admin.get("/console/merchants").body.string.contains("校园超市"))
            let unknown = try await admin.post(
                "/console/terminals", ["_csrf": token, "terminal_code": "POS-DEMO-9", "merchant_code": "NOPE"])
            #expect(unknown.status == .notFound && unknown.body.string.contains(#"role="alert""#))
            let added = try await admin.post(
                "/console/terminals", ["_csrf": token, "terminal_code": "pos-demo-2", "merchant_code": "SHOP1"])
            let first = try Self.secret(added)
            #expect(
                added.status == .created && added.headers.first(name: .cacheControl) == "no-store"
                    && added.body.string.contains("POS-DEMO-2"))
            let list = try await admin.get("/console/terminals")
            #expect(list.body.string.contains("校园超市（SHOP1）") && !list.body.string.contains(first))
            let pos = OnboardingRoutesTests()
            #expect(try await pos.spend(f, terminal: "POS-DEMO-2", secret: first).status == .created)

            #expect(try await admin.get("/console/terminals/POS-DEMO-2/rekey").body.string.contains("旧密钥立即失效"))
            let rekeyed = try await admin.post("/console/terminals/POS-DEMO-2/rekey", ["_csrf": token])
            let second = try Self.secret(rekeyed)
            #expect(second != first)
            #expect(!(try await admin.get("/console/terminals").body.string.contains(second)))
            #expect(try await pos.spend(f, terminal: "POS-DEMO-2", secret: first).errorCode == "signature_invalid")
            #expect(try await pos.spend(f, terminal: "POS-DEMO-2", secret: second).status == .created)
            #expect(try await admin.get("/console/terminals/POS-DEMO-2/disable").body.string.contains("下一笔请求起都会被拒绝"))
            let disabled = try await admin.post("/console/terminals/POS-DEMO-2/disable", ["_csrf": token])
            #expect(disabled.headers.first(name: .location) == "/console/terminals?done=disabled")
            #expect(try await pos.spend(f, terminal: "POS-DEMO-2", secret: second).errorCode == "unknown_terminal")
            #expect(try await admin.post("/console/terminals/POS-DEMO-2/rekey", ["_csrf": token]).status == .notFound)
            #expect(try await admin.post("/console/terminals/POS-DEMO-1/rekey", [:]).status == .forbidden, "no token")

            var clerk = PageBrowser(f)
            try await clerk.signInToConsole(demo: "demo-clerk")
            #expect(try await clerk.get("/console/terminals").body.string.contains("POS-DEMO-1"))
            #expect(try await clerk.get("/console/terminals/POS-DEMO-1/rekey").status == .forbidden)
            let clerkToken = try await clerk.consoleToken()
            #expect(try await clerk.post("/console/terminals/POS-DEMO-1/disable", ["_csrf": clerkToken]).status == .forbidden)
            #expect(
                try await clerk.post("/console/merchants", ["_csrf": clerkToken, "merchant_code": "X1", "name": "x"]).status == .forbidden)
            var other = try await f.otherSchoolConsoleClerk(role: .admin)
            let otherToken = try await other.consoleToken()
            #expect(!(try await other.get("/console/terminals").body.string.contains("POS-DEMO-1")))
            #expect(try await other.get("/console/terminals/POS-DEMO-1/rekey").status == .notFound)
            #expect(try await other.post("/console/terminals/POS-DEMO-1/disable", ["_csrf": otherToken]).status == .notFound)
            #expect(try await pos.spend(f, terminal: "POS-DEMO-1", secret: f.credentials.terminalSecret).status == .created)
        }
    }

    @Test(arguments: Engine.available)
    func aRenamedCampusKeepsItsCardholders(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var admin = PageBrowser(f)
            try await admin.signInToConsole(demo: "demo-admin")
            let token = try await admin.consoleToken()
            let added = try await admin.post("/console/campuses", ["_csrf": token, "campus_code": "west", "campus_name": "西校区"])
            #expect(added.headers.first(name: .location) == "/console/campuses?done=added")
            let bad = try await admin.post("/console/campuses", ["_csrf": token, "campus_code": "x", "campus_name": "x"])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains(#"id="campus_code-error""#))
            let renamed = try await admin.post("/console/campuses/MAIN", ["_csrf": token, "campus_name": "主校区（新）"])
            #expect(renamed.headers.first(name: .location) == "/console/campuses?done=renamed")
            let page = try await admin.get("/console/campuses?done=renamed").body.string
            #expect(page.contains("WEST") && page.contains(#"value="主校区（新）""#))
            let profile = try await admin.get("/console/cardholders/20260001").body.string
            #expect(profile.contains("主校区（新）"), "the cardholder is on the renamed campus")
            #expect(try await admin.post("/console/campuses/NOPE", ["_csrf": token, "campus_name": "无"]).status == .notFound)
            var clerk = PageBrowser(f)
            try await clerk.signInToConsole(demo: "demo-clerk")
            let clerkToken = try await clerk.consoleToken()
            #expect(try await clerk.post("/console/campuses/MAIN", ["_csrf": clerkToken, "campus_name": "改"]).status == .forbidden)
        }
    }
}
