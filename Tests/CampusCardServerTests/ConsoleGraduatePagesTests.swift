import CampusCardCore
import CampusCardDemo
import CampusCardStore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The leavers' lists from the console's first page: about to freeze within 30 or 7 days, frozen
/// with a balance left; twenty to a page; in the staff member's own school only.
@Suite struct ConsoleGraduatePagesTests {
    @Test(arguments: Engine.available)
    func theClerkSeesWhoFreezesSoonPageByPageAndWhoIsFrozenWithMoneyLeft(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            // given 25 international leavers who freeze in 20 days, besides the demo's 王五 (in 14)
            let school = try #require(try await SchoolStore(f.app.store.sql).find(DemoSchool.code))
            let left = LocalDate(AppFixture.now, in: school.timeZone).adding(months: -3).addingDays(20)
            let rows = (0..<25).map {
                "202590\(String(format: "%02d", $0)),Leaver \(Character(UnicodeScalar(65 + $0)!)),international,MAIN,,,\(left),"
            }
            _ = try await RosterImporter(f.app.store, secrets: f.key.cardSecrets).importRoster(
                csv: "staff_number,name,kind,campus,national_id,passport,leave_date,card_number\n" + rows.joined(separator: "\n") + "\n",
                school: school, actor: "test", at: AppFixture.now)

            var clerk = PageBrowser(f)
            try await clerk.signInToConsole(demo: "demo-clerk")
            #expect(try await clerk.get("/console").body.string.contains(#"href="/console/graduates?list=30""#))
            let first = try await clerk.get("/console/graduates").body.string
            #expect(first.contains("王五") && first.contains("¥35.50") && first.contains("/console/cardholders/20220001/payout"))
            #expect(first.contains("20259018") && !first.contains("20259019") && first.contains("list=30&amp;page=2"), "twenty to a page")
            #expect(first.firstRange(of: "20220001")!.lowerBound < first.firstRange(of: "20259000")!.lowerBound, "soonest first")
            let second = try await clerk.get("/console/graduates?list=30&page=2").body.string
            #expect(second.contains("20259024") && !second.contains("王五") && second.contains("第 2 页"))
            #expect(try await clerk.get("/console/graduates?list=7").body.string.contains("没有需要处理的离校人员"))

            // when the freeze comes for 王五 (and the 25 later): the frozen list has those with money left
            #expect(try await GraduateFreezer(f.app.store).run(now: AppFixture.now.addingTimeInterval(16 * 86_400)) == 1)
            let frozen = try await clerk.get("/console/graduates?list=frozen").body.string
            #expect(frozen.contains("王五") && frozen.contains("¥35.50") && !frozen.contains("20259000"))
            #expect(!(try await clerk.get("/console/graduates?list=30").body.string.contains("王五")))

            // an auditor reads it with no payout; another school sees none of it
            var auditor = try await f.consoleAuditor()
            let read = try await auditor.get("/console/graduates?list=frozen").body.string
            #expect(read.contains("王五") && !read.contains("/payout"))
            var other = try await f.otherSchoolConsoleClerk()
            let theirs = try await other.get("/console/graduates?list=frozen")
            #expect(theirs.status == .ok && !theirs.body.string.contains("王五"))
        }
    }

    @Test(arguments: Engine.available)
    func aPageOutOfRangeOrAnUnknownListIsAnswered(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var clerk = PageBrowser(f)
            try await clerk.signInToConsole(demo: "demo-clerk")
            for page in ["0", "10001"] {
                let refused = try await clerk.get("/console/graduates?list=30&page=\(page)")
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains("页码应为 1–10000"), "\(page)")
            }
            for list in ["explode", "%00"] {
                #expect(try await clerk.get("/console/graduates?list=\(list)").status == .notFound, "\(list)")
            }
            var stranger = PageBrowser(f)
            #expect(try await stranger.get("/console/graduates").status == .seeOther, "signed in only")
        }
    }
}
