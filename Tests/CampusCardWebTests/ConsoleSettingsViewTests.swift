import CampusCardCore
import CampusCardStore
import Foundation
import Testing

@testable import CampusCardWeb

/// The school's settings rendered without a server: every setting with its default and rule, a
/// rule's refusal on each field it concerns, the changes to confirm, the read-only table; the
/// form's text read back as the same settings.
@Suite struct ConsoleSettingsViewTests {
    let admin = StaffMember(id: 1, schoolID: 1, username: "demo-admin", displayName: "演示管理员", role: .admin)

    @Test func everySettingIsOnTheFormWithItsDefaultAndRule() {
        let values = SchoolSettingsForm.values(.defaults)
        #expect(values.count == SchoolSettingsForm.fields.count && SchoolSettingsForm.fields.count == 27)
        let html = SchoolSettingsPage(staff: admin, settings: .defaults, stage: .form(values: values, error: nil, saved: false)).render(
            .console())
        for field in SchoolSettingsForm.fields { #expect(html.contains(#"name="\#(field.key)""#), "\(field.key)") }
        #expect(html.contains("默认 8-12；如 8-12；在4–20之间") && html.contains(#"value="30, 7""#) && !html.contains("role=\"alert\""))
        let limits = CardError.invalidField("limits", zh: "自定义上限 ≤ 单笔限额 ≤ 单日限额", en: "custom maximum ≤ single limit ≤ daily limit")
        let refused = SchoolSettingsPage(staff: admin, settings: .defaults, stage: .form(values: values, error: limits, saved: false))
            .render(.console(.en))
        for key in ["custom_top_up_maximum", "single_top_up_limit", "daily_top_up_limit"] {
            #expect(refused.contains(#"id="\#(key)-error""#))
        }
        #expect(!refused.contains(#"id="peak_hours-error""#) && refused.contains("Default 2000.00; at least the single limit"))
        #expect(refused.contains(#"<div class="alert" role="alert">limits: custom maximum"#), "said at the top too")
    }

    @Test func theConfirmationSaysFromWhatToWhatAndAnAuditorReadsATable() throws {
        var changed = SchoolSettings.defaults
        (changed.dailyTopUpLimit, changed.customTopUpMultiple) = (.yuan(3_000), .yuan(10))
        let stage = try #require(SchoolSettingsPage.confirm(from: .defaults, to: changed))
        let html = SchoolSettingsPage(staff: admin, settings: .defaults, stage: stage).render(.console())
        #expect(html.contains("将修改本校 2 项设置") && html.contains(#"id="change-custom_top_up_multiple">无 → 10.00"#))
        #expect(html.contains(#"<input type="hidden" name="daily_top_up_limit" value="3000.00">"#))
        #expect(SchoolSettingsPage.confirm(from: .defaults, to: .defaults) == nil)
        let auditor = StaffMember(id: 3, schoolID: 1, username: "demo-auditor", displayName: "审计", role: .auditor)
        let table = SchoolSettingsPage(staff: auditor, settings: changed, stage: .form(values: [:], error: nil, saved: false))
            .render(.console(.en))
        #expect(
            table.contains(#"id="now-daily_top_up_limit">3000.00"#) && table.contains("The cardholder")
                && !table.contains("<form method=\"post\" action=\"/console/settings"))
    }

    /// The school app's sign-on is shown to every role, and saving the form's numbers keeps it.
    @Test func theSignOnIsShownAndTheFormKeepsIt() throws {
        var cas = SchoolSettings.defaults
        cas.signOn = .cas(server: "https://ids.example.edu.cn/authserver")
        let auditor = StaffMember(id: 3, schoolID: 1, username: "demo-auditor", displayName: "审计", role: .auditor)
        let shown = SchoolSettingsPage(staff: auditor, settings: cas, stage: .form(values: [:], error: nil, saved: false)).render(
            .console())
        #expect(shown.contains("CAS 3.0：https://ids.example.edu.cn/authserver"))
        let deployment = SchoolSettingsPage(staff: admin, settings: .defaults, stage: .form(values: [:], error: nil, saved: false))
            .render(.console(.en))
        #expect(deployment.contains(#"id="sign-on""#) && deployment.contains("The deployment's school login."))
        let saved = try SchoolSettingsForm.settings(["daily_top_up_limit": "3000"], current: cas)
        #expect(saved.signOn == cas.signOn && saved.dailyTopUpLimit == .yuan(3_000))
    }

    @Test func theFormsTextIsReadBackAsTheSameSettings() throws {
        var custom = SchoolSettings.defaults
        (custom.customTopUpMultiple, custom.peakHours, custom.feePayer) = (.yuan(10), [], .school)
        for settings in [SchoolSettings.defaults, custom] {
            #expect(try SchoolSettingsForm.settings(SchoolSettingsForm.values(settings), current: .defaults) == settings)
        }
        #expect(
            try SchoolSettingsForm.settings(["quick_top_up_presets": "20，50、100"], current: .defaults).quickTopUpPresets == [
                .yuan(20), .yuan(50), .yuan(100),
            ])
        #expect(throws: CardError.self) { try SchoolSettingsForm.settings(["staff_number_digits": "12-8"], current: .defaults) }
        #expect(throws: CardError.self) { try SchoolSettingsForm.settings(["staff_number_digits": "2-8"], current: .defaults) }
    }

    @Test func theConsolesFirstPageLeadsToIt() {
        #expect(ConsoleHomePage(staff: admin, schoolName: "示范大学").render(.console()).contains(#"href="/console/settings""#))
    }
}
