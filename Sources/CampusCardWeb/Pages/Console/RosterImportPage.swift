import CampusCardCore
import CampusCardServices
import CampusCardStore
import Foundation

/// `/console/roster`: the school's roster imported from a CSV file (the command line's
/// `import-roster`, from the browser): the upload form, the columns the file may have, and the
/// school's latest imports, each leading to its progress or its result. Staff who may not import
/// (an auditor) read the list without the form.
public struct RosterImportPage: Sendable {
    public var staff: StaffMember
    public var recent: [RosterImportRecord]
    /// An upload refused on the form (no file, not UTF-8, too large, another import running).
    public var error: CardError?

    public init(staff: StaffMember, recent: [RosterImportRecord] = [], error: CardError? = nil) {
        (self.staff, self.recent, self.error) = (staff, recent, error)
    }

    public static let path = "/console/roster"

    public static func importPath(_ id: Int64) -> String { "\(path)/imports/\(id)" }

    static func title(_ c: PageContext) -> String { c.t("导入名单", "Import the roster") }

    public func render(_ c: PageContext) -> String {
        ConsoleLayout(title: Self.title(c), staff: staff).render(c) {
            el("p", .class("hint")) {
                c.t(
                    "上传学校的名单文件（CSV）。有效的行在一个事务中全部导入，有问题的行按行号列出、不导入；同一文件再次导入不会有任何改变，已有持卡人的名单信息被更新，余额和卡片不受影响。",
                    "Upload the school's roster file (CSV). Every valid row is imported in one transaction and every bad row is listed by its line and left out; importing the same file again changes nothing, and a changed row updates the cardholder's roster data, never their money or card."
                )
            }
            if let error { alert(error, c) }
            if staff.role.may(.serveCardholders) { form(c) }
            columns(c)
            imports(c)
        }
    }

    private func alert(_ error: CardError, _ c: PageContext) -> Node {
        el("div", .class("alert"), .role("alert"), .id("upload-error")) {
            c.message(error)
            if error.code == .rosterImportRunning, let id = error.details["import_id"].flatMap(Int64.init), id > 0 {
                " "
                Components.link(c.t("查看正在进行的导入", "See the import under way"), to: Self.importPath(id))
            }
        }
    }

    private func form(_ c: PageContext) -> Node {
        let megabytes = RosterImportDesk.maxFileBytes / (1024 * 1024)
        return el(
            "form", Attribute("method", "post"), Attribute("action", Self.path), Attribute("enctype", "multipart/form-data"),
            .class("card upload")
        ) {
            void("input", [.type("hidden"), .name("_csrf"), .value(c.csrfToken)])
            el("div", .class("field")) {
                el("label", .for("file")) { c.t("名单文件", "Roster file") }
                void(
                    "input",
                    [
                        .id("file"), .name("file"), .type("file"), Attribute("accept", ".csv,text/csv"), .required,
                        .aria("describedby", "file-hint"),
                    ])
                el("p", .class("hint"), .id("file-hint")) {
                    c.t(
                        "CSV 文件，UTF-8 编码，第一行为表头，最大 \(megabytes) MB。",
                        "A CSV file in UTF-8, its first line the column headers; at most \(megabytes) MB.")
                }
            }
            Components.submit(c.t("开始导入", "Start the import"))
        }
    }

    /// The columns as the importer reads them (`RosterEntry.Column`), English or Chinese headers.
    private func columns(_ c: PageContext) -> Node {
        el("section", .aria("labelledby", "columns")) {
            el("h2", .id("columns")) { c.t("文件的列", "The file's columns") }
            el("table", .class("grid")) {
                el("thead") {
                    el("tr") {
                        for header in [
                            c.t("表头（中文）", "Header (Chinese)"), c.t("表头（英文）", "Header (English)"), c.t("必填", "Required"),
                            c.t("内容", "What it holds"),
                        ] {
                            el("th", Attribute("scope", "col")) { header }
                        }
                    }
                }
                el("tbody") {
                    for column in RosterEntry.Column.allCases {
                        el("tr") {
                            el("td") { column.chineseHeader }
                            el("td") { el("code") { column.rawValue } }
                            el("td") { column.isRequired ? c.t("是", "Yes") : c.t("否", "No") }
                            el("td") { Self.meaning(column, c) }
                        }
                    }
                }
            }
        }
    }

    static func meaning(_ column: RosterEntry.Column, _ c: PageContext) -> String {
        switch column {
        case .staffNumber: c.t("学号或工号，按学校设置的位数", "The student or staff number, of the school's number of digits")
        case .name: c.t("真实姓名，与学籍或人事档案一致", "The real name, as on the school's records")
        case .kind: c.t("学生、教职工或留学生（student、staff、international）", "student, staff or international (学生, 教职工, 留学生)")
        case .campus: c.t("校区代码，须为本校已有的校区", "The campus's code, one of the school's campuses")
        case .nationalID:
            c.t(
                "18位身份证号（留学生不填）；不保存，只保存由后6位生成的初始密码",
                "The 18-character national ID (not for international students); never stored, only the initial password its last six make")
        case .passport: c.t("留学生的护照号", "An international student's passport number")
        case .leaveDate: c.t("离校日期，YYYY-MM-DD", "The day they leave, YYYY-MM-DD")
        case .cardNumber: c.t("卡号，不填则与学工号相同", "The card number; the 学工号 when left empty")
        }
    }

    private func imports(_ c: PageContext) -> Node {
        el("section", .aria("labelledby", "imports")) {
            el("h2", .id("imports")) { c.t("最近的导入", "Latest imports") }
            if recent.isEmpty {
                Components.empty(c.t("本校还没有从管理台导入过名单。", "No roster was imported from the console yet."))
            } else {
                el("table", .class("grid")) {
                    el("thead") {
                        el("tr") {
                            for header in [
                                c.t("开始时间", "Started"), c.t("文件", "File"), c.t("操作人", "By"), c.t("状态", "Status"), c.t("结果", "Outcome"),
                            ] {
                                el("th", Attribute("scope", "col")) { header }
                            }
                        }
                    }
                    el("tbody") {
                        for record in recent {
                            el("tr") {
                                el("td") { Components.link(c.dateTime(record.startedAt), to: Self.importPath(record.id)) }
                                el("td") { record.fileName }
                                el("td") { record.staffUsername }
                                el("td") { RosterImportNames.status(record.status, c) }
                                el("td") { RosterImportNames.outcome(record, c) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// What the roster import pages say of an import, in the reader's language.
enum RosterImportNames {
    static func status(_ status: RosterImportRecord.Status, _ c: PageContext) -> String {
        switch status {
        case .running: c.t("正在导入", "Importing")
        case .done: c.t("已完成", "Done")
        case .failed: c.t("失败，未导入", "Failed, nothing imported")
        case .interrupted: c.t("已中断，未导入", "Interrupted, nothing imported")
        }
    }

    static func outcome(_ record: RosterImportRecord, _ c: PageContext) -> String {
        switch record.status {
        case .running: written(record, c)
        case .done:
            c.t(
                "新增 \(count(record.created))，更新 \(count(record.updated))，未变 \(count(record.unchanged))，拒绝 \(count(record.refused))",
                "\(count(record.created)) created, \(count(record.updated)) updated, \(count(record.unchanged)) unchanged, \(count(record.refused)) refused"
            )
        case .failed: record.failure.map(c.message) ?? ""
        case .interrupted: c.t("服务器在导入完成前停止", "The server stopped before it finished")
        }
    }

    /// 已写入 x / y 行; the script writes the same text as the import goes (`template`).
    static func written(_ record: RosterImportRecord, _ c: PageContext) -> String {
        guard record.rowsTotal > 0 || record.status != .running else { return c.t("正在读取文件…", "Reading the file…") }
        return template(c).replacingOccurrences(of: "{written}", with: count(record.rowsWritten))
            .replacingOccurrences(of: "{total}", with: count(record.rowsTotal))
    }

    static func template(_ c: PageContext) -> String {
        c.t("已写入 {written} / {total} 行", "{written} of {total} rows written")
    }

    /// 10,000: grouped by thousands, as the script's `toLocaleString("en-US")` writes it.
    static func count(_ n: Int) -> String {
        n.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
    }
}
