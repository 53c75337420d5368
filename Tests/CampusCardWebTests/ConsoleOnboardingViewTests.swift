import CampusCardCore
import Foundation
import Testing

@testable import CampusCardStore
@testable import CampusCardWeb

/// The setup pages rendered without a server: the operator's schools and school, a school's
/// staff, merchants, terminals and campuses for each role, the confirmations, and the page that
/// shows a password or a secret once.
@Suite struct ConsoleOnboardingViewTests {
    let admin = StaffMember(id: 1, schoolID: 1, username: "demo-admin", displayName: "演示管理员", role: .admin)
    let op = StaffMember(id: 9, schoolID: nil, username: "ops", displayName: "平台运维", role: .operator)
    let school = SchoolRecord(
        id: 1, code: SchoolCode(rawValue: "DEMO")!, name: "示范大学", nameEn: "Demo University",
        timeZone: TimeZone(identifier: "Asia/Shanghai")!,
        settings: .defaults)
    let terminal = TerminalEntry(
        id: 1, code: "POS-DEMO-1", merchantCode: "CANTEEN1", merchantName: "第一食堂", active: true,
        createdAt: Date(timeIntervalSince1970: 1_790_000_000))

    var members: [StaffMember] {
        [admin, .demoClerk, StaffMember(id: 3, schoolID: 1, username: "gone", displayName: "离职", role: .clerk, disabledAt: Date())]
    }

    @Test func theNavigationOpensWhatEachRoleHas() {
        let schoolNav = ConsoleLayout.links(admin, .console()).map(\.1)
        #expect(
            schoolNav == [
                "/console", "/console/dashboard", "/console/roster", "/console/staff", "/console/merchants", "/console/terminals",
                "/console/campuses",
            ])
        #expect(ConsoleLayout.links(op, .console()).map(\.1) == ["/console", "/console/platform/schools"])
        let html = StaffAccountsPage(staff: .demoClerk, scope: .own(school), members: members).render(.console(path: "/console/staff"))
        #expect(html.contains(#"<a href="/console/staff" aria-current="page">员工账号</a>"#))
    }

    @Test func anAdministratorActsOnEachActiveAccountAndAClerkOnlyReads() {
        let html = StaffAccountsPage(staff: admin, scope: .own(school), members: members).render(.console())
        for change in StaffChange.allCases where change != .role {
            #expect(html.contains(#"href="/console/staff/demo-clerk/\#(change.rawValue)""#))
        }
        #expect(html.contains(#"action="/console/staff/demo-clerk/role""#) && html.contains(#"action="/console/staff/confirm""#))
        #expect(!html.contains("/console/staff/gone/") && html.contains("已停用"), "a disabled account has nothing left to do")
        let read = StaffAccountsPage(staff: .demoClerk, scope: .own(school), members: members).render(.console())
        #expect(read.contains("demo-admin") && !read.contains("/console/staff/confirm") && !read.contains("/console/staff/demo-admin/"))
        let refused = StaffAccountsPage(staff: admin, scope: .own(school), members: members, error: .lastAdministrator).render(
            .console(.en))
        #expect(refused.contains(#"role="alert""#) && refused.contains("last administrator"))
        let typo = CardError.invalidField("username", zh: "用户名为 3–32 位", en: "3–32")
        let onField = StaffAccountsPage(staff: admin, scope: .own(school), members: [], draft: .init(username: "X y"), error: typo)
            .render(.console())
        #expect(onField.contains(#"id="username-error""#) && onField.contains(#"value="X y""#))
    }

    @Test func eachConfirmationSaysWhatItWillDo() {
        let clerk = StaffMember.demoClerk
        let role = StaffAccountsPage.confirm(staff: admin, scope: .own(school), change: .role, member: clerk, role: .auditor, .console())
        #expect(role.contains("由校园卡服务中心改为审计（只读）") && role.contains(#"name="role" value="auditor""#))
        #expect(role.contains(#"action="/console/staff/demo-clerk/role""#))
        let reset = StaffAccountsPage.confirm(staff: admin, scope: .own(school), change: .password, member: clerk, role: .clerk, .console())
        #expect(reset.contains("旧密码立即失效") && reset.contains(#"id="consequence""#))
        let disable = StaffAccountsPage.confirm(
            staff: admin, scope: .own(school), change: .disable, member: clerk, role: .clerk, .console(.en))
        #expect(disable.contains("cannot sign in any more"))
        let add = StaffAccountsPage.confirmAdding(
            staff: op, scope: .platform(school), draft: .init(username: "newu-admin", displayName: "王", role: .admin), .console())
        #expect(add.contains(#"action="/console/platform/schools/DEMO/staff""#) && add.contains("密码只在下一页显示一次"))
        let rekey = TerminalsPage.confirm(staff: admin, terminal: terminal, change: .rekey, .console())
        #expect(rekey.contains("旧密钥立即失效") && rekey.contains(#"action="/console/terminals/POS-DEMO-1/rekey""#))
        #expect(TerminalsPage.confirm(staff: admin, terminal: terminal, change: .disable, .console()).contains("下一笔请求起都会被拒绝"))
    }

    @Test func aSecretIsShownWithTheWarningToCopyItNow() {
        let html = ShownOncePage.terminal(staff: admin, title: "终端已添加", terminal: terminal, secret: "c2VjcmV0", .console()).render(
            .console())
        #expect(html.contains(#"id="secret">c2VjcmV0"#) && html.contains("只显示这一次") && html.contains("第一食堂"))
        let password = ShownOncePage.password(
            staff: op, title: "学校已开通", member: admin, password: "Abcdefgh23456789", back: ("返回", "/console/platform/schools/DEMO"),
            .console(.en)
        ).render(.console(.en))
        #expect(password.contains("Abcdefgh23456789") && password.contains("Shown this once only") && password.contains("Administrator"))
    }

    @Test func theTerminalsListNeverShowsASecretAndOffersChangesToAnAdministrator() {
        let disabled = TerminalEntry(
            id: 2, code: "POS-DEMO-2", merchantCode: "CANTEEN1", merchantName: "第一食堂", active: false, createdAt: terminal.createdAt)
        let merchant = MerchantRecord(id: 1, code: "CANTEEN1", name: "第一食堂", account: LedgerAccount(id: 7, kind: .merchant))
        let html = TerminalsPage(staff: admin, terminals: [terminal, disabled], merchants: [merchant]).render(.console())
        #expect(html.contains(#"href="/console/terminals/POS-DEMO-1/rekey""#) && !html.contains("/console/terminals/POS-DEMO-2/"))
        #expect(html.contains("已停用") && html.contains(#"<option value="CANTEEN1">"#))
        let clerk = TerminalsPage(staff: .demoClerk, terminals: [terminal], merchants: [merchant]).render(.console())
        #expect(clerk.contains("POS-DEMO-1") && !clerk.contains("/rekey") && !clerk.contains(#"action="/console/terminals""#))
        #expect(TerminalsPage(staff: admin, terminals: [], merchants: []).render(.console()).contains(#"href="/console/merchants""#))
        let merchants = MerchantsPage(staff: admin, merchants: [merchant], campuses: []).render(.console())
        #expect(merchants.contains("第一食堂") && merchants.contains(#"name="merchant_code""#))
        let campus = CampusRecord(id: 1, code: CampusCode(rawValue: "MAIN")!, name: "主校区")
        let campuses = CampusesPage(staff: admin, campuses: [campus], done: .renamed).render(.console())
        #expect(campuses.contains(#"action="/console/campuses/MAIN""#) && campuses.contains("持卡人所属校区不变"))
        #expect(
            !CampusesPage(staff: .demoClerk, campuses: [campus]).render(.console()).contains(
                "<form method=\"post\" action=\"/console/campuses"))
    }

    @Test func theOperatorListsSchoolsOpensOneAndSeesItsAdministratorsAndTerminals() {
        let row = PlatformSchoolsPage.Row(school: school, campuses: 2, administrators: 0)
        let list = PlatformSchoolsPage(staff: op, rows: [row], page: 2, hasMore: true).render(.console())
        #expect(list.contains(#"href="/console/platform/schools/DEMO">DEMO"#) && list.contains("Demo University") && list.contains("尚无管理员"))
        #expect(list.contains(#"href="/console/platform/schools?page=3""#) && list.contains(#"name="campuses""#))
        let refused = PlatformSchoolsPage(
            staff: op, rows: [], draft: ["campuses": "main"], error: .invalidField("campus_code", zh: "校区代码为 2–16 位", en: "2–16")
        ).render(.console())
        #expect(refused.contains(#"id="campuses-error""#) && refused.contains(">main</textarea>"))
        #expect(PlatformSchoolsPage.campuses("MAIN 主校区\n\n east 东 校区 ").map { "\($0.code)=\($0.name)" } == ["MAIN=主校区", "east=东 校区"])
        let page = PlatformSchoolPage(
            staff: op, scope: .platform(school), campuses: [CampusRecord(id: 1, code: CampusCode(rawValue: "MAIN")!, name: "主校区")],
            administrators: [admin], terminals: [terminal]
        ).render(.console())
        #expect(page.contains(#"href="/console/platform/schools/DEMO/staff/demo-admin/password""#) && !page.contains("/disable"))
        #expect(page.contains(#"action="/console/platform/schools/DEMO/staff/confirm""#) && page.contains(#"name="role" value="admin""#))
        #expect(page.contains("POS-DEMO-1") && !page.contains("/rekey") && page.contains("主校区（MAIN）"))
    }
}
