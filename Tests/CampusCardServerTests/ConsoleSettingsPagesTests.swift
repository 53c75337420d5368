import CampusCardCore
import CampusCardStore
import CampusCardTestSupport
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The school's settings from the console: the administrator reads each with its default and
/// rule, changes some, reads from what to what, and saves (`StaffConsole.update`, audited as the
/// API); a value the rules refuse is said on its field and nothing is saved; the rest of the
/// school reads them only, and another school's administrator changes only their own.
@Suite struct ConsoleSettingsPagesTests {
    static let settings = "/console/settings"

    static func demo(_ f: AppFixture) async throws -> SchoolSettings {
        try #require(try await SchoolStore.find(SchoolCode(rawValue: "DEMO")!, in: try f.app.store)).settings
    }

    @Test(arguments: Engine.available)
    func anAdministratorChangesSettingsAfterReadingWhatChanges(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var admin = PageBrowser(f)
            try await admin.signInToConsole(demo: "demo-admin")
            #expect(try await admin.get("/console").body.string.contains(#"href="\#(Self.settings)""#))
            let form = try await admin.get(Self.settings)
            let html = form.body.string
            #expect(form.status == .ok && html.contains(#"name="quick_top_up_presets" type="text" value="50.00, 100.00, 200.00""#))
            #expect(html.contains("默认 2000.00；不低于单笔限额") && html.contains(#"<option value="cardholder" selected>持卡人"#))
            let token = PageBrowser.formToken(form)

            let changed = [
                "_csrf": token, "daily_top_up_limit": "3000", "service_center_hours": "学生活动中心一层，工作日 9:00–17:00", "fee_payer": "school",
            ]
            let confirm = try await admin.post(Self.settings + "/confirm", changed)
            let shown = confirm.body.string
            #expect(confirm.status == .ok && shown.contains("将修改本校 3 项设置"))
            #expect(
                shown.contains(#"id="change-daily_top_up_limit">2000.00 → 3000.00"#) && shown.contains(#"id="change-fee_payer">持卡人 → 学校"#))
            #expect(try await Self.demo(f) == .defaults, "nothing saved before the confirmation")

            var hidden: [String: String] = ["_csrf": token]
            for match in shown.matches(of: /<input type="hidden" name="([a-z_]+)" value="([^"]*)"/) {
                hidden[String(match.1)] = String(match.2)
            }
            #expect(hidden["daily_top_up_limit"] == "3000.00" && hidden["peak_hours"] == "8, 12")
            let saved = try await admin.post(Self.settings, hidden)
            #expect(saved.status == .seeOther && saved.headers.first(name: .location) == Self.settings + "?done=saved")
            let now = try await Self.demo(f)
            #expect(now.dailyTopUpLimit == .yuan(3_000) && now.feePayer == .school && now.serviceCenterHours == "学生活动中心一层，工作日 9:00–17:00")
            var expected = SchoolSettings.defaults
            (expected.dailyTopUpLimit, expected.feePayer, expected.serviceCenterHours) = (
                now.dailyTopUpLimit, .school, now.serviceCenterHours
            )
            #expect(now == expected, "nothing else changed")
            #expect(try await admin.get(Self.settings + "?done=saved").body.string.contains("设置已保存"))
            let audit = try await f.app.store.sql.raw("SELECT actor FROM audit_log WHERE action = 'settings_changed'").all(
                decodingColumn: "actor", as: String.self)
            #expect(audit == ["staff:demo-admin"])
            let unchanged = try await admin.post(Self.settings + "/confirm", ["_csrf": token, "daily_top_up_limit": "3000.00"])
            #expect(unchanged.status == .unprocessableEntity && unchanged.body.string.contains("没有改动任何设置"))
        }
    }

    @Test(arguments: Engine.available)
    func aValueTheRulesRefuseIsSaidOnItsFieldsAndNothingIsSaved(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            var admin = PageBrowser(f)
            try await admin.signInToConsole(demo: "demo-admin")
            let token = try await admin.consoleToken()
            let cases: [(field: String, value: String, shownOn: [String], says: String)] = [
                ("daily_top_up_limit", "abc", ["daily_top_up_limit"], "应为不低于单笔限额"),
                ("daily_top_up_limit", "99999999999999999999999", ["daily_top_up_limit"], "应为不低于单笔限额"),
                (
                    "single_top_up_limit", "3000", ["custom_top_up_maximum", "single_top_up_limit", "daily_top_up_limit"],
                    "自定义上限 ≤ 单笔限额 ≤ 单日限额"
                ),
                ("service_center_hours", "服务\u{0}中心", ["service_center_hours"], "不含控制字符"),
                ("peak_hours", "8, 25", ["peak_hours"], "应为逗号分隔，0–23"),
                ("password_lock_minutes", "9223372036854775807", ["password_lock_minutes"], "应为1–10080"),
                ("quick_top_up_presets", "50, 600", ["quick_top_up_presets"], "预设金额须大于零且不超过单笔限额"),
                ("custom_arrival_minutes", "3-1", ["custom_arrival_minutes"], "应为如 1-3"),
                ("fee_payer", "nobody", ["fee_payer"], "应为持卡人或学校"),
            ]
            for (field, value, shownOn, says) in cases {
                let refused = try await admin.post(Self.settings + "/confirm", ["_csrf": token, field: value])
                let html = refused.body.string
                #expect(refused.status == .unprocessableEntity && html.contains(says), "\(field) \(value)")
                for name in shownOn { #expect(html.contains(#"id="\#(name)-error""#), "\(field) \(value) on \(name)") }
            }
            // a hand-made final post is checked the same way
            let forged = try await admin.post(Self.settings, ["_csrf": token, "daily_top_up_limit": "1"])
            #expect(forged.status == .unprocessableEntity)
            #expect(try await Self.demo(f) == .defaults)
        }
    }

    @Test(arguments: Engine.available)
    func theSchoolReadsThemButOnlyItsAdministratorChangesThem(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let change = ["daily_top_up_limit": "3000"]
            var auditor = try await f.consoleAuditor()
            let read = try await auditor.get(Self.settings)
            #expect(read.status == .ok && read.body.string.contains(#"id="now-daily_top_up_limit">2000.00"#))
            #expect(!read.body.string.contains(#"name="daily_top_up_limit""#))
            let auditorToken = try await auditor.consoleToken()
            for path in [Self.settings + "/confirm", Self.settings] {
                #expect(try await auditor.post(path, change.merging(["_csrf": auditorToken]) { a, _ in a }).status == .forbidden, "\(path)")
            }
            var clerk = PageBrowser(f)
            try await clerk.signInToConsole(demo: "demo-clerk")
            #expect(!(try await clerk.get(Self.settings).body.string.contains(#"name="daily_top_up_limit""#)))
            #expect(
                try await clerk.post(Self.settings, change.merging(["_csrf": try await clerk.consoleToken()]) { a, _ in a }).status
                    == .forbidden)

            var admin = PageBrowser(f)
            try await admin.signInToConsole(demo: "demo-admin")
            #expect(try await admin.post(Self.settings, change).status == .forbidden, "no token")
            #expect(try await admin.post(Self.settings, change.merging(["_csrf": "forged"]) { a, _ in a }).status == .forbidden)

            var other = try await f.otherSchoolConsoleClerk(role: .admin)
            #expect(
                try await other.post(Self.settings, change.merging(["_csrf": try await other.consoleToken()]) { a, _ in a }).status
                    == .seeOther)
            #expect(try await Self.demo(f) == .defaults, "another school's administrator changed only their own")
        }
    }
}
