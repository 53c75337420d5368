import CampusCardCore
import CampusCardDemo
import CampusCardStore
import CampusCardTestSupport
import Foundation
import Testing
import Vapor
import VaporTesting

/// The service center's search and profile over HTTP: what each finds, pages, and that a clerk of
/// another school sees nothing of this one.
@Suite struct ConsoleCardholderPagesTests {
    @Test(arguments: Engine.available)
    func aClerkFindsACardholderByEachOfTheirNumbersAndName(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var clerk = PageBrowser(f)
            try await clerk.signInToConsole(demo: "demo-clerk")
            for typed in ["张三", "２０２６０００１", " 20260001 ", "e12345678", "anna", "%", "_"] {
                let found = try await clerk.get("/console/cardholders?q=\(PageBrowser.encoded(typed))")
                #expect(found.status == .ok, "\(typed)")
                let html = found.body.string
                switch typed {
                case "e12345678", "anna": #expect(html.contains("Anna Smith") && !html.contains("张三"), "\(typed)")
                case "%", "_": #expect(html.contains("没有找到") && !html.contains("张三"), "\(typed)")
                default: #expect(html.contains(#"href="/console/cardholders/20260001""#) && !html.contains("李老师"), "\(typed)")
                }
            }
            let blank = try await clerk.get("/console/cardholders?q=")
            #expect(blank.status == .ok && !blank.body.string.contains("没有找到") && !blank.body.string.contains("<table"))
        }
    }

    @Test(arguments: Engine.available)
    func aSearchPagesTwentyAtATime(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let school = try #require(try await SchoolStore(f.app.store.sql).find(DemoSchool.code))
            // Names are letters only: 赵同学甲 … 赵同学玄.
            let rows = Array("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄").enumerated().map { index, letter in
                "2026100\(String(format: "%02d", index + 1)),赵同学\(letter),international,MAIN,,,,\n"
            }.joined()
            let imported = try await RosterImporter(f.app.store, secrets: f.key.cardSecrets).importRoster(
                csv: "staff_number,name,kind,campus,national_id,passport,leave_date,card_number\n" + rows, school: school, actor: "test",
                at: AppFixture.now)
            #expect(imported.created == 25, "\(imported.problems.map { "\($0.line): \($0.error.en)" })")
            var clerk = PageBrowser(f)
            try await clerk.signInToConsole(demo: "demo-clerk")
            let first = try await clerk.get("/console/cardholders?q=\(PageBrowser.encoded("赵同学"))").body.string
            #expect(first.components(separatedBy: "<tr>").count - 2 == 20)
            #expect(first.contains("page=2") && !first.contains("page=0"))
            let second = try await clerk.get("/console/cardholders?q=\(PageBrowser.encoded("赵同学"))&page=2").body.string
            #expect(second.components(separatedBy: "<tr>").count - 2 == 5)
            #expect(second.contains("page=1") && !second.contains("page=3") && second.contains("202610025"))
        }
    }

    @Test(arguments: Engine.available)
    func theProfileShowsCardsRecordsAndTheAuditTrail(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let clerk: HTTPHeaders = ["Authorization": "Bearer \(try await f.signIn("demo-clerk"))"]
            #expect(try await f.send(.POST, "api/v1/console/cards/20260001/lost", headers: clerk).status == .ok)
            let auditorPassword = try await f.addDemoStaff("demo-auditor", role: .auditor)
            var auditor = PageBrowser(f)
            _ = try await auditor.signInToConsole("demo-auditor", auditorPassword)
            let profile = try await auditor.get("/console/cardholders/20260001")
            #expect(profile.status == .ok)
            let html = profile.body.string
            for shown in ["张三", "主校区（海淀）", "已挂失", "staff:demo-clerk", "挂失", "尚未在任何渠道绑定", "¥"] {
                #expect(html.contains(shown), "\(shown)")
            }
            #expect(try await auditor.get("/console/cardholders/20269999").status == .notFound)
        }
    }

    @Test(arguments: Engine.available)
    func aClerkOfAnotherSchoolSeesNothingOfThisOne(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let password = try await f.addOtherSchoolClerk()
            var other = PageBrowser(f)
            _ = try await other.signInToConsole("newu-clerk", password)
            for typed in ["张三", "20260001", "E12345678"] {
                let found = try await other.get("/console/cardholders?q=\(PageBrowser.encoded(typed))").body.string
                #expect(found.contains("没有找到") && !found.contains("/console/cardholders/2026"), "\(typed)")
            }
            let profile = try await other.get("/console/cardholders/20260001")
            #expect(profile.status == .notFound && !profile.body.string.contains("张三"))
            // and nobody signed out sees anything
            var stranger = PageBrowser(f)
            let anonymous = try await stranger.get("/console/cardholders/20260001")
            #expect(anonymous.status == .seeOther && anonymous.headers.first(name: .location) == "/console")
        }
    }

    @Test(arguments: Engine.available)
    func badInputIsRefusedOnThePageNeverWithA500(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var clerk = PageBrowser(f)
            try await clerk.signInToConsole(demo: "demo-clerk")
            let long = PageBrowser.encoded(String(repeating: "张", count: 65))
            for (path, status) in [
                ("/console/cardholders?q=\(long)", 422), ("/console/cardholders?q=a&page=0", 422),
                ("/console/cardholders?q=a&page=-3", 422), ("/console/cardholders?q=a&page=x", 200),
                ("/console/cardholders?q=a&page=99999999999999999999", 200), ("/console/cardholders/20260001?before=abc", 200),
                ("/console/cardholders/20260001?before=-1", 200), ("/console/cardholders/20260001?audit_page=0", 422),
                ("/console/cardholders/%27%20OR%201=1", 404), ("/console/cardholders/%00", 404),
            ] {
                let answer = try await clerk.get(path)
                #expect(Int(answer.status.code) == status, "\(path): \(answer.status)")
            }
        }
    }
}
