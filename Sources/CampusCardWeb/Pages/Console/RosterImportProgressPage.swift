import CampusCardCore
import CampusCardServices
import CampusCardStore
import Foundation

/// `/console/roster/imports/{id}`: one import of the school's roster. While it runs, a progress
/// bar of the rows written that the script moves by asking `…/{id}.json` every 100 ms
/// (without the script the page reloads itself: `<noscript>` holds a `<meta refresh>`); once
/// done, what it did and every refused row by its line, a hundred to a page; a failed or
/// interrupted import says that nothing of it was written.
public struct RosterImportProgressPage: Sendable {
    public var staff: StaffMember
    public var record: RosterImportRecord
    /// The page of refused rows shown (a finished import).
    public var refusals: RosterImportDesk.Refusals?

    public init(staff: StaffMember, record: RosterImportRecord, refusals: RosterImportDesk.Refusals? = nil) {
        (self.staff, self.record, self.refusals) = (staff, record, refusals)
    }

    public static func statusPath(_ id: Int64) -> String { RosterImportPage.importPath(id) + ".json" }

    static func path(_ id: Int64, page: Int) -> String {
        RosterImportPage.importPath(id) + (page > 1 ? "?page=\(page)" : "") + "#refused"
    }

    /// How often a page without the script reloads while the import runs.
    public static let reloadSeconds = 2

    public func render(_ c: PageContext) -> String {
        var layout = ConsoleLayout(title: c.t("名单导入", "Roster import") + " #\(record.id)", staff: staff)
        if record.status == .running { layout.noScriptRefreshSeconds = Self.reloadSeconds }
        return layout.render(c) {
            el("nav", .class("actions"), .aria("label", c.t("名单", "Roster"))) {
                Components.link(c.t("返回导入名单", "Back to importing the roster"), to: RosterImportPage.path, class: "secondary")
            }
            el("section", .class("card"), .aria("labelledby", "about")) {
                el("h2", .id("about")) { c.t("文件", "The file") }
                ConsoleFacts.list([
                    .init(term: c.t("文件名", "File"), detail: record.fileName, id: "file-name"),
                    .init(term: c.t("操作人", "By"), detail: record.staffUsername),
                    .init(term: c.t("开始时间", "Started"), detail: c.dateTime(record.startedAt)),
                    record.finishedAt.map { .init(term: c.t("结束时间", "Finished"), detail: c.dateTime($0)) },
                    .init(term: c.t("状态", "Status"), detail: RosterImportNames.status(record.status, c), id: "status"),
                ])
            }
            switch record.status {
            case .running: progress(c)
            case .done: result(c)
            case .failed:
                Components.alert(
                    c.t("导入失败，没有写入任何数据。", "The import failed and wrote nothing.") + " " + (record.failure.map(c.message) ?? ""))
                Components.link(c.t("重新导入", "Import again"), to: RosterImportPage.path, class: "primary")
            case .interrupted:
                Components.alert(
                    c.t(
                        "导入已中断：服务器在导入完成前停止，没有写入任何数据。请重新导入该文件。",
                        "The import was interrupted: the server stopped before it finished, and nothing of it was written. Import the file again."
                    ))
                Components.link(c.t("重新导入", "Import again"), to: RosterImportPage.path, class: "primary")
            }
        }
    }

    /// The bar and its text; the script moves both (`data-poll`, `data-template`).
    private func progress(_ c: PageContext) -> Node {
        el("section", .class("card"), .aria("labelledby", "progress-title")) {
            el("h2", .id("progress-title")) { c.t("进度", "Progress") }
            el(
                "progress",
                attributes: [
                    .id("progress"), record.rowsTotal > 0 ? .value("\(record.rowsWritten)") : nil,
                    record.rowsTotal > 0 ? Attribute("max", "\(record.rowsTotal)") : nil, .aria("labelledby", "progress-title"),
                    .aria("describedby", "progress-text"), .data("poll", Self.statusPath(record.id)),
                    .data("template", RosterImportNames.template(c)),
                ]
            ) { RosterImportNames.written(record, c) }
            el("p", .id("progress-text")) { RosterImportNames.written(record, c) }
            el("p", .class("hint")) {
                c.t(
                    "所有行在一个事务中写入：完成之前，其他页面还看不到新的名单。可以离开本页，导入仍会继续。",
                    "Every row is written in one transaction: until it is done, other pages do not see the new roster yet. You may leave this page; the import goes on."
                )
            }
            el("noscript") {
                el("p") { Components.link(c.t("刷新进度", "Refresh the progress"), to: RosterImportPage.importPath(record.id)) }
            }
        }
    }

    private func result(_ c: PageContext) -> Node {
        .fragment([
            el("section", .class("card"), .aria("labelledby", "outcome")) {
                el("h2", .id("outcome")) { c.t("导入结果", "What it did") }
                ConsoleFacts.list([
                    .init(term: c.t("新增持卡人", "Cardholders created"), detail: RosterImportNames.count(record.created), id: "created"),
                    .init(term: c.t("更新", "Updated"), detail: RosterImportNames.count(record.updated), id: "updated"),
                    .init(term: c.t("未变", "Unchanged"), detail: RosterImportNames.count(record.unchanged), id: "unchanged"),
                    .init(term: c.t("拒绝的行", "Rows refused"), detail: RosterImportNames.count(record.refused), id: "refused-count"),
                ])
            },
            el("section", .aria("labelledby", "refused")) {
                el("h2", .id("refused")) { c.t("被拒绝的行", "Rows refused") }
                if let refusals, !refusals.rows.isEmpty {
                    el("p", .class("hint")) {
                        c.t(
                            "这些行没有导入。请在文件中修正后再次导入整个文件：已导入的行不会重复。",
                            "These rows were not imported. Fix them in the file and import the whole file again: the rows already in change nothing."
                        )
                    }
                    el("table", .class("grid")) {
                        el("thead") {
                            el("tr") {
                                el("th", Attribute("scope", "col")) { c.t("行号", "Line") }
                                el("th", Attribute("scope", "col")) { c.t("原因", "Reason") }
                            }
                        }
                        el("tbody") {
                            for row in refusals.rows {
                                el("tr") {
                                    el("td", .class("line")) { "\(row.line)" }
                                    el("td") { c.t(row.zh, row.en) }
                                }
                            }
                        }
                    }
                    ConsolePager.links(page: refusals.page, hasMore: refusals.hasMore, c, label: c.t("被拒绝的行分页", "Pages of refused rows")) {
                        Self.path(record.id, page: $0)
                    }
                } else if refusals?.page ?? 1 > 1 {
                    Components.empty(c.t("这一页没有被拒绝的行。", "No refused rows on this page."))
                } else {
                    Components.empty(c.t("没有被拒绝的行：文件中的每一行都已导入。", "No row was refused: every row of the file is in."))
                }
            },
        ])
    }
}
