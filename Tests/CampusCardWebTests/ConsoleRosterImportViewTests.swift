import CampusCardCore
import CampusCardServices
import CampusCardStore
import Foundation
import Testing

@testable import CampusCardWeb

/// The roster import's pages rendered without a server: the upload form with the file's columns
/// and the latest imports, the bar of an import under way with its text and its script's
/// address, the counts and the refused rows by line once done, a failure and an interruption;
/// each language.
@Suite struct ConsoleRosterImportViewTests {
    static let started = Date(timeIntervalSince1970: 1_790_000_000)

    static func record(_ status: RosterImportRecord.Status, total: Int = 10_000, written: Int = 0) -> RosterImportRecord {
        RosterImportRecord(
            id: 7, schoolID: 1, staffUsername: "demo-clerk", fileName: "2026级新生.csv", status: status, rowsTotal: total,
            rowsWritten: written, created: status == .done ? 9_998 : 0, updated: status == .done ? 1 : 0, unchanged: 0,
            refused: status == .done ? 3 : 0, failure: status == .failed ? .rosterFileInvalid("未知的列“血型”", "unknown column “血型”") : nil,
            startedAt: started, updatedAt: started, finishedAt: status == .running ? nil : started.addingTimeInterval(9))
    }

    @Test func theFormTakesACSVFileAndSaysEachColumnTheImporterReads() {
        let html = RosterImportPage(staff: .demoClerk, recent: [Self.record(.done), Self.record(.running, written: 500)])
            .render(.console(path: "/console/roster"))
        #expect(html.contains(#"<form method="post" action="/console/roster" enctype="multipart/form-data""#))
        #expect(html.contains(#"<input type="hidden" name="_csrf" value="TOKEN">"#))
        #expect(html.contains(#"<input id="file" name="file" type="file" accept=".csv,text/csv" required"#))
        #expect(html.contains(#"<label for="file">名单文件</label>"#) && html.contains("最大 20 MB"))
        for column in RosterEntry.Column.allCases {
            #expect(html.contains("<td>\(column.chineseHeader)</td>") && html.contains("<code>\(column.rawValue)</code>"), "\(column)")
        }
        #expect(html.contains("新增 9,998，更新 1，未变 0，拒绝 3") && html.contains("已写入 500 / 10,000 行"))
        #expect(html.contains(#"href="/console/roster/imports/7""#) && html.contains("2026级新生.csv") && html.contains("2026-09-21 22:13"))
    }

    @Test func anAuditorReadsTheImportsWithoutTheFormAndARefusalIsSaidOnTop() {
        let auditor = StaffMember(id: 3, schoolID: 1, username: "demo-auditor", displayName: "审计", role: .auditor)
        let read = RosterImportPage(staff: auditor, recent: []).render(.console(.en, path: "/console/roster"))
        #expect(
            !read.contains(#"type="file""#) && read.contains("No roster was imported from the console yet.") && read.contains("Required"))
        let busy = RosterImportPage(staff: .demoClerk, error: .rosterImportRunning(id: 5)).render(.console(path: "/console/roster"))
        #expect(busy.contains(#"role="alert""#) && busy.contains("本校已有一份名单正在导入") && busy.contains(#"href="/console/roster/imports/5""#))
        let large = RosterImportPage(staff: .demoClerk, error: .fileTooLarge(maxBytes: 20 * 1024 * 1024)).render(.console(.en))
        #expect(large.contains("The file is too large: at most 20 MB."))
    }

    @Test func anImportUnderWayShowsItsBarItsTextAndWhereTheScriptAsks() {
        let html = RosterImportProgressPage(staff: .demoClerk, record: Self.record(.running, written: 2_500)).render(
            .console(path: "/console/roster/imports/7"))
        #expect(html.contains(#"<progress id="progress" value="2500" max="10000""#))
        #expect(
            html.contains(#"data-poll="/console/roster/imports/7.json""#) && html.contains(#"data-template="已写入 {written} / {total} 行""#))
        #expect(html.contains(#"<p id="progress-text">已写入 2,500 / 10,000 行</p>"#))
        #expect(html.contains(#"<noscript><meta http-equiv="refresh" content="2"></noscript>"#))
        #expect(html.contains(#"aria-labelledby="progress-title""#) && !html.contains("被拒绝的行"))
        // before the file is read, the bar has no value yet
        let reading = RosterImportProgressPage(staff: .demoClerk, record: Self.record(.running, total: 0)).render(.console(.en))
        #expect(reading.contains(#"<progress id="progress" aria-labelledby"#) && reading.contains("Reading the file…"))
        #expect(reading.contains(#"data-template="{written} of {total} rows written""#))
    }

    @Test func aFinishedImportShowsItsCountsAndTheRefusedRowsByLine() {
        let refusals = RosterImportDesk.Refusals(
            rows: [
                .init(line: 3, code: "staff_number_invalid", zh: "学工号应为8–12位数字", en: "A student or staff number has 8–12 digits"),
                .init(
                    line: 6000, code: "invalid_field", zh: "类别应为 student/staff/international",
                    en: "kind must be student, staff or international"),
            ], page: 1, hasMore: true)
        let html = RosterImportProgressPage(staff: .demoClerk, record: Self.record(.done), refusals: refusals).render(.console())
        #expect(html.contains(#"<dd id="created">9,998</dd>"#) && html.contains(#"<dd id="refused-count">3</dd>"#))
        #expect(html.contains(#"<td class="line">3</td><td>学工号应为8–12位数字</td>"#) && html.contains(#"<td class="line">6000</td>"#))
        #expect(html.contains("/console/roster/imports/7?page=2#refused") && !html.contains("<progress") && !html.contains("refresh"))
        let english = RosterImportProgressPage(staff: .demoClerk, record: Self.record(.done), refusals: refusals).render(.console(.en))
        #expect(english.contains("kind must be student, staff or international") && english.contains("Cardholders created"))
        let clean = RosterImportProgressPage(
            staff: .demoClerk, record: Self.record(.done), refusals: .init(rows: [], page: 1, hasMore: false)
        ).render(.console())
        #expect(clean.contains("没有被拒绝的行"))
    }

    @Test func aFailedOrInterruptedImportSaysNothingWasWritten() {
        let failed = RosterImportProgressPage(staff: .demoClerk, record: Self.record(.failed)).render(.console())
        #expect(failed.contains("导入失败，没有写入任何数据") && failed.contains("未知的列“血型”") && failed.contains(#"href="/console/roster""#))
        let interrupted = RosterImportProgressPage(staff: .demoClerk, record: Self.record(.interrupted)).render(.console(.en))
        #expect(interrupted.contains("The import was interrupted") && interrupted.contains("Interrupted, nothing imported"))
    }

    @Test func theConsolesFirstPageLeadsThoseWhoMayImport() {
        #expect(ConsoleHomePage(staff: .demoClerk, schoolName: "示范大学").render(.console()).contains(#"href="/console/roster""#))
        let auditor = StaffMember(id: 3, schoolID: 1, username: "demo-auditor", displayName: "审计", role: .auditor)
        #expect(!ConsoleHomePage(staff: auditor, schoolName: "示范大学").render(.console()).contains(#"href="/console/roster""#))
    }
}
