import CampusCardCore
import CampusCardStore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The school's board from the console (`ServiceNoticeBoard`): the administrator publishes a
/// window in the school's time (Shanghai; the fixture's clock is 2026-09-21 22:13 there), the
/// phone's board shows it, a bad form is refused on its field, and withdrawing it asks first;
/// the rest of the school reads it, and nobody else acts on it.
@Suite struct ConsoleNoticePagesTests {
    static let windows = "/console/notices/maintenance-windows"

    static func board(_ f: AppFixture) async throws -> String {
        try await f.send(.GET, "api/v1/h5/schools/DEMO/announcements").body.string
    }

    static func ids(_ f: AppFixture) async throws -> [Int64] {
        try await f.app.store.sql.raw("SELECT id FROM maintenance_windows ORDER BY id").all(decodingColumn: "id", as: Int64.self)
    }

    @Test(arguments: Engine.available)
    func anAdministratorPublishesAWindowInTheSchoolsTimeAndWithdrawsItAfterConfirming(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var admin = PageBrowser(f)
            try await admin.signInToConsole(demo: "demo-admin")
            #expect(try await admin.get("/console").body.string.contains(#"href="\#(Self.windows)""#))
            let form = try await admin.get(Self.windows)
            let html = form.body.string
            #expect(form.status == .ok && html.contains("没有正在生效或即将开始的") && html.contains(#"type="datetime-local""#))
            #expect(html.contains(#"name="starts_at" type="datetime-local" value="2026-09-21T23:00""#), "the next hour, in Shanghai")
            let token = PageBrowser.formToken(form)

            let published = try await admin.post(
                Self.windows,
                ["_csrf": token, "title": "系统升级", "body": "一卡通系统升级", "starts_at": "2026-09-21T23:00", "ends_at": "2026-09-22T01:30"])
            #expect(published.status == .seeOther && published.headers.first(name: .location) == Self.windows + "?done=published")
            let shown = try await admin.get(Self.windows + "?done=published").body.string
            #expect(
                shown.contains("已发布") && shown.contains("系统升级") && shown.contains("2026-09-21 23:00") && shown.contains("2026-09-22 01:30"))
            let row = try #require(
                try await f.app.store.sql.raw("SELECT id, starts_at_ms, ends_at_ms, created_by FROM maintenance_windows").first())
            #expect(try row.decode(column: "starts_at_ms", as: Int64.self) == 1_790_002_800_000, "15:00 UTC")
            #expect(try row.decode(column: "created_by", as: String.self) == "staff:demo-admin")
            #expect(try await Self.board(f).contains("系统升级"), "the phone's board shows it")
            let id = try row.decode(column: "id", as: Int64.self)

            let withdraw = "\(Self.windows)/\(id)/withdraw"
            #expect(shown.contains(#"href="\#(withdraw)""#))
            let confirm = try await admin.get(withdraw)
            #expect(confirm.status == .ok && confirm.body.string.contains("将撤下维护时段“系统升级”：持卡人的首页不再显示它。"))
            #expect(try await Self.ids(f) == [id], "nothing withdrawn before the confirmation")
            let done = try await admin.post(withdraw, ["_csrf": token])
            #expect(done.status == .seeOther && done.headers.first(name: .location) == Self.windows + "?done=withdrawn")
            #expect(try await Self.ids(f).isEmpty)
            #expect(!(try await Self.board(f).contains("系统升级")))
            let audit = try await f.app.store.sql.raw(
                "SELECT action FROM audit_log WHERE actor = 'staff:demo-admin' AND subject = \(bind: String(id)) ORDER BY id"
            ).all(decodingColumn: "action", as: String.self)
            #expect(audit == ["maintenance_window_created", "maintenance_window_deleted"])
            #expect(try await admin.post(withdraw, ["_csrf": token]).status == .notFound, "gone already")
            #expect(try await admin.get(withdraw).status == .notFound)
        }
    }

    @Test(arguments: Engine.available)
    func aBadFormIsRefusedOnItsFieldAndNothingIsPublished(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var admin = PageBrowser(f)
            try await admin.signInToConsole(demo: "demo-admin")
            let announcements = "/console/notices/announcements"
            let token = try await admin.consoleToken()
            let good = ["_csrf": token, "title": "寒假安排", "body": "", "starts_at": "2026-09-21T08:00", "ends_at": "2026-10-01T08:00"]
            let cases: [(field: String, value: String, says: String)] = [
                ("starts_at", "2026-02-30T10:00", "请按“年-月-日 时:分”填写"),
                ("starts_at", "99999999999-01-01T00:00", "请按“年-月-日 时:分”填写"),
                ("ends_at", "tomorrow", "请按“年-月-日 时:分”填写"),
                ("ends_at", "2026-09-20T08:00", "结束时间须晚于开始时间"),
                ("title", "寒假\u{0}安排", "不含控制字符"),
                ("title", "", "标题为1–100字"),
                ("title", String(repeating: "长", count: 101), "标题为1–100字"),
            ]
            for (field, value, says) in cases {
                let refused = try await admin.post(announcements, good.merging([field: value]) { _, new in new })
                let html = refused.body.string
                #expect(
                    refused.status == .unprocessableEntity && html.contains(#"id="\#(field)-error""#) && html.contains(says),
                    "\(field) \(value)")
            }
            let nul = try await admin.post(announcements, good.merging(["body": "a\u{0}b"]) { _, new in new })
            #expect(nul.status == .unprocessableEntity && nul.body.string.contains("不含控制字符"))
            #expect(try await f.app.store.sql.raw("SELECT COUNT(*) AS n FROM announcements").first(decodingColumn: "n", as: Int.self) == 0)
            #expect(try await admin.post(announcements, good).status == .seeOther)
            for page in ["0", "-1", "2", "99999999999999999999999", "x"] {
                let out = try await admin.get(announcements + "?page=" + page)
                #expect(out.status == .unprocessableEntity && out.body.string.contains("没有这一页"), "\(page)")
            }
            #expect(try await admin.get("/console/notices/elsewhere").status == .notFound)
        }
    }

    @Test(arguments: Engine.available)
    func theSchoolReadsItButOnlyItsAdministratorActsAndNoOtherSchoolSeesIt(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var admin = PageBrowser(f)
            try await admin.signInToConsole(demo: "demo-admin")
            let token = try await admin.consoleToken()
            let form = ["title": "系统升级", "body": "", "starts_at": "2026-09-22T01:00", "ends_at": "2026-09-22T02:00"]
            #expect(try await admin.post(Self.windows, form.merging(["_csrf": token]) { a, _ in a }).status == .seeOther)
            let id = try #require(try await Self.ids(f).first)
            let withdraw = "\(Self.windows)/\(id)/withdraw"
            #expect(try await admin.post(Self.windows, form).status == .forbidden, "no token")
            #expect(try await admin.post(withdraw, ["_csrf": "forged"]).status == .forbidden)

            var auditor = try await f.consoleAuditor()
            let read = try await auditor.get(Self.windows)
            #expect(read.status == .ok && read.body.string.contains("系统升级"))
            #expect(!read.body.string.contains(withdraw) && !read.body.string.contains(#"name="title""#))
            let auditorToken = try await auditor.consoleToken()
            #expect(try await auditor.get(withdraw).status == .forbidden)
            #expect(try await auditor.post(withdraw, ["_csrf": auditorToken]).status == .forbidden)
            #expect(try await auditor.post(Self.windows, form.merging(["_csrf": auditorToken]) { a, _ in a }).status == .forbidden)
            var clerk = PageBrowser(f)
            try await clerk.signInToConsole(demo: "demo-clerk")
            #expect(try await clerk.post(withdraw, ["_csrf": try await clerk.consoleToken()]).status == .forbidden)

            var other = try await f.otherSchoolConsoleClerk(role: .admin)
            let theirs = try await other.get(Self.windows)
            #expect(theirs.status == .ok && !theirs.body.string.contains("系统升级"))
            let otherToken = try await other.consoleToken()
            #expect(try await other.get(withdraw).status == .notFound)
            #expect(try await other.post(withdraw, ["_csrf": otherToken]).status == .notFound)
            #expect(try await other.post("\(Self.windows)/%00/withdraw", ["_csrf": otherToken]).status == .notFound)
            #expect(try await other.post("\(Self.windows)/99999999999999999999999/withdraw", ["_csrf": otherToken]).status == .notFound)
            #expect(try await Self.ids(f) == [id])
        }
    }
}
