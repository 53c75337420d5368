import CampusCardCore
import CampusCardStore
import Foundation
import Testing

@testable import CampusCardWeb

/// The school's board rendered without a server: its rows in the school's time, on now or to
/// come, the form and the withdrawal for an administrator only, the confirmation, each language;
/// the form's moments read in the school's zone.
@Suite struct ConsoleNoticesViewTests {
    let admin = StaffMember(id: 1, schoolID: 1, username: "demo-admin", displayName: "演示管理员", role: .admin)
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    var window: ServiceNotice {
        ServiceNotice(id: 7, title: "系统升级", body: "一卡通系统升级", startsAt: now.addingTimeInterval(-600), endsAt: now.addingTimeInterval(3_600))
    }

    @Test func theBoardShowsWhatIsOnInTheSchoolsTimeWithTheFormAndWithdrawalForAnAdministrator() {
        let html = NoticeBoardPage(
            staff: admin, kind: .maintenanceWindow, notices: [window], now: now, page: 2, hasMore: true, draft: .from(now, in: .shanghai)
        ).render(.console(path: "/console/notices/maintenance-windows"))
        #expect(html.contains("2026-09-21 22:03") && html.contains("2026-09-21 23:13") && html.contains("正在生效"))
        #expect(html.contains(#"href="/console/notices/maintenance-windows/7/withdraw""#))
        #expect(
            html.contains(#"value="2026-09-21T23:00""#) && html.contains(#"value="2026-09-22T01:00""#) && html.contains("Asia/Shanghai"))
        #expect(html.contains("maintenance-windows?page=3") && html.contains(#"href="/console/notices/maintenance-windows""#))
        let refused = NoticeBoardPage(
            staff: admin, kind: .announcement, notices: [], now: now,
            error: .invalidField("ends_at", zh: "结束时间须晚于开始时间", en: "the end must be after the start")
        ).render(.console(.en))
        #expect(
            refused.contains(#"id="ends_at-error""#) && refused.contains("Nothing on now or to come") && refused.contains("Announcements"))
    }

    @Test func anAuditorReadsOnlyAndTheConfirmationSaysWhatFollows() {
        let auditor = StaffMember(id: 3, schoolID: 1, username: "demo-auditor", displayName: "审计", role: .auditor)
        let html = NoticeBoardPage(staff: auditor, kind: .maintenanceWindow, notices: [window], now: now).render(.console())
        #expect(html.contains("系统升级") && !html.contains("/withdraw") && !html.contains(#"name="title""#))
        let confirm = NoticeBoardPage.withdrawal(staff: admin, kind: .maintenanceWindow, notice: window, now: now, .console())
        #expect(confirm.contains("充值与绑定立即恢复") && confirm.contains(#"action="/console/notices/maintenance-windows/7/withdraw""#))
        let english = NoticeBoardPage.withdrawal(staff: admin, kind: .announcement, notice: window, now: now, .console(.en))
        #expect(english.contains("will be withdrawn") && english.contains("Keep it, go back"))
    }

    @Test func theFormsMomentsAreReadInTheSchoolsZone() {
        #expect(ConsoleDateTime.parse("2026-09-21T23:00", in: .shanghai) == Date(timeIntervalSince1970: 1_790_002_800))
        #expect(ConsoleDateTime.parse("2026-09-21 23:00:30", in: .shanghai) == Date(timeIntervalSince1970: 1_790_002_830))
        for bad in [
            "2026-02-30T10:00", "2026-09-21T24:00", "1999-01-01T00:00", "99999-01-01T00:00", "2026-9-1T1:00", "", "2026-09-21T23:00\u{0}",
        ] {
            #expect(ConsoleDateTime.parse(bad, in: .shanghai) == nil, "\(bad)")
        }
        #expect(ConsoleDateTime.input(now, in: .shanghai) == "2026-09-21T22:13")
    }

    @Test func theConsolesFirstPageLeadsToTheBoard() {
        let html = ConsoleHomePage(staff: admin, schoolName: "示范大学").render(.console())
        #expect(html.contains(#"href="/console/notices/maintenance-windows""#) && html.contains(#"href="/console/notices/announcements""#))
    }
}

extension TimeZone {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
}
