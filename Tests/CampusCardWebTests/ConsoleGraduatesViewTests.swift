import CampusCardCore
import CampusCardStore
import Foundation
import Testing

@testable import CampusCardWeb

/// The leavers' lists rendered without a server: the three lists, the rows with their dates and
/// balance, the payout for a clerk only, the pages, each language.
@Suite struct ConsoleGraduatesViewTests {
    let wang = FreezingCardholder(
        staffNumber: "20220001", name: "王五", leaveDate: LocalDate("2026-09-21")!, freezeDate: LocalDate("2026-12-21")!,
        balance: Money(fen: 3_550))
    let none = FreezingCardholder(
        staffNumber: "20220002", name: "赵六", leaveDate: LocalDate("2026-09-22")!, freezeDate: LocalDate("2026-12-22")!, balance: .zero)

    @Test func theListShowsWhenEachFreezesWhatIsLeftAndWhereToPayItOut() {
        let html = GraduatesPage(staff: .demoClerk, list: .within30Days, graduates: [wang, none], page: 1, hasMore: true)
            .render(.console(path: "/console/graduates"))
        #expect(html.contains("2026-09-21") && html.contains("2026-12-21") && html.contains("¥35.50") && html.contains("将于此日冻结"))
        #expect(html.contains(#"href="/console/cardholders/20220001/payout""#) && !html.contains("/console/cardholders/20220002/payout"))
        #expect(html.contains(#"href="/console/graduates?list=30" class="secondary" aria-current="page""#))
        #expect(html.contains(#"href="/console/graduates?list=7""#) && html.contains(#"href="/console/graduates?list=frozen""#))
        #expect(html.contains("list=30&amp;page=2") && !html.contains("上一页"))
    }

    @Test func anAuditorReadsWithoutPayoutAndAnEmptyListSaysSo() {
        let auditor = StaffMember(id: 3, schoolID: 1, username: "demo-auditor", displayName: "审计", role: .auditor)
        let html = GraduatesPage(staff: auditor, list: .frozenWithBalance, graduates: [wang]).render(
            .console(.en, path: "/console/graduates"))
        #expect(html.contains("Frozen on") && html.contains("Frozen with a balance left") && !html.contains("/payout"))
        let empty = GraduatesPage(staff: .demoClerk, list: .within7Days).render(.console(path: "/console/graduates"))
        #expect(empty.contains("没有需要处理的离校人员") && !empty.contains("<table"))
    }

    @Test func theConsolesFirstPageLeadsToIt() {
        let html = ConsoleHomePage(staff: .demoClerk, schoolName: "示范大学").render(.console())
        #expect(html.contains(#"href="/console/graduates?list=30""#) && html.contains("离校人员"))
        let op = StaffMember(id: 1, schoolID: nil, username: "op", displayName: "运维", role: .operator)
        #expect(!ConsoleHomePage(staff: op, schoolName: nil).render(.console()).contains("/console/graduates"))
    }
}
