import CampusCardCore
import CampusCardStore

/// `/console/platform/schools?page=n`: the operator's schools, twenty to a page, each with its
/// code, names, time zone, campuses and whether it has an administrator yet; and the form that
/// opens a school with its campuses and first administrator (whose password the answer shows once).
public struct PlatformSchoolsPage: Sendable {
    /// A school as the list shows it.
    public struct Row: Sendable {
        public var school: SchoolRecord
        public var campuses: Int
        public var administrators: Int

        public init(school: SchoolRecord, campuses: Int, administrators: Int) {
            (self.school, self.campuses, self.administrators) = (school, campuses, administrators)
        }
    }

    public static let path = "/console/platform/schools"
    public static let perPage = 20
    static let fields: Set = ["code", "name", "name_en", "time_zone", "campuses", "campus_code", "campus_name", "username", "display_name"]

    public var staff: StaffMember
    public var rows: [Row]
    public var page: Int
    public var hasMore: Bool
    /// The form's fields as typed.
    public var draft: [String: String]
    public var error: CardError?

    public init(
        staff: StaffMember, rows: [Row], page: Int = 1, hasMore: Bool = false, draft: [String: String] = [:], error: CardError? = nil
    ) {
        (self.staff, self.rows, self.page, self.hasMore, self.draft, self.error) = (staff, rows, page, hasMore, draft, error)
    }

    public static func schoolPath(_ code: String) -> String { "\(path)/\(code)" }

    static func title(_ c: PageContext) -> String { c.t("学校", "Schools") }

    /// "MAIN 主校区" a line, as the form takes campuses.
    public static func campuses(_ text: String) -> [(code: String, name: String)] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let parts = line.trimmingCharacters(in: .whitespaces).split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })
            guard let code = parts.first else { return nil }
            return (String(code), parts.count > 1 ? String(parts[1]) : "")
        }
    }

    public func render(_ c: PageContext) -> String {
        ConsoleLayout(title: Self.title(c), staff: staff).render(c) {
            let field = error?.details["field"].flatMap { Self.fields.contains($0) ? $0 : nil }
            if let error, field == nil { Components.alert(c.message(error)) }
            el("section", .aria("labelledby", "schools")) {
                el("h2", .id("schools")) { c.t("已开通的学校", "Schools on the platform") }
                if rows.isEmpty {
                    Components.empty(c.t("还没有学校。", "No schools yet."))
                } else {
                    table(c)
                }
                ConsolePager.links(page: page, hasMore: hasMore, c, label: c.t("学校分页", "Pages of schools")) { "\(Self.path)?page=\($0)" }
            }
            form(field: field, error.map(c.message), c)
        }
    }

    private func table(_ c: PageContext) -> Node {
        el("table", .class("grid")) {
            ConsoleGrid.head(
                [
                    c.t("代码", "Code"), c.t("名称", "Name"), c.t("英文名称", "English name"), c.t("时区", "Time zone"),
                    c.t("校区数", "Campuses"), c.t("状态", "Status"),
                ], c)
            el("tbody") {
                for row in rows {
                    el("tr", .id("school-\(row.school.code.rawValue)")) {
                        el("td") { Components.link(row.school.code.rawValue, to: Self.schoolPath(row.school.code.rawValue)) }
                        el("td") { row.school.name }
                        el("td") { row.school.nameEn }
                        el("td") { row.school.timeZone.identifier }
                        el("td", .class("amount")) { "\(row.campuses)" }
                        el("td") {
                            row.administrators > 0
                                ? c.t("已开通（\(row.administrators) 位管理员）", "Open (\(row.administrators) administrators)")
                                : c.t("尚无管理员", "No administrator yet")
                        }
                    }
                }
            }
        }
    }

    private func form(field: String?, _ message: String?, _ c: PageContext) -> Node {
        let error = { (names: Set<String>) in field.map { names.contains($0) } == true ? message : nil }
        return el("section", .class("card"), .aria("labelledby", "add-school")) {
            el("h2", .id("add-school")) { c.t("开通学校", "Open a school") }
            PostForm(action: Self.path, csrf: c.csrfToken) {
                el("div", .class("columns")) {
                    el("fieldset", .class("card")) {
                        el("legend") { c.t("学校", "The school") }
                        Components.field(
                            "code", label: c.t("学校代码", "School code"), value: draft["code"],
                            hint: c.t(
                                "2–16 位大写字母或数字，出现在持卡人链接中，开通后不能改",
                                "2–16 upper-case letters or digits; in cardholders' links, it cannot change later"),
                            error: error(["code"]), maxLength: 16)
                        Components.field(
                            "name", label: c.t("中文名称", "Name (Chinese)"), value: draft["name"], error: error(["name"]), maxLength: 64)
                        Components.field(
                            "name_en", label: c.t("英文名称（可不填）", "English name (optional)"), value: draft["name_en"],
                            error: error(["name_en"]),
                            maxLength: 64, required: false)
                        Components.field(
                            "time_zone", label: c.t("时区", "Time zone"), value: draft["time_zone"] ?? "Asia/Shanghai",
                            hint: c.t("IANA 名称，如 Asia/Shanghai", "An IANA name such as Asia/Shanghai"), error: error(["time_zone"]),
                            maxLength: 64)
                        let campusError = error(["campuses", "campus_code", "campus_name"])
                        el("div", .class(campusError == nil ? "field" : "field invalid")) {
                            el("label", .for("campuses")) { c.t("校区", "Campuses") }
                            el(
                                "textarea", .id("campuses"), .name("campuses"), Attribute("rows", "3"), Attribute("maxlength", "2000"),
                                .aria("describedby", campusError == nil ? "campuses-hint" : "campuses-hint campuses-error"), .required
                            ) { draft["campuses"] ?? "" }
                            el("p", .class("hint"), .id("campuses-hint")) {
                                c.t("每行一个：校区代码 空格 名称，如 MAIN 主校区", "One a line: the campus code, a space, its name, such as MAIN 主校区")
                            }
                            if let campusError { el("p", .class("error"), .id("campuses-error"), .role("alert")) { campusError } }
                        }
                    }
                    el("fieldset", .class("card")) {
                        el("legend") { c.t("第一位管理员", "The first administrator") }
                        Components.field(
                            "username", label: c.t("用户名", "Username"), value: draft["username"],
                            hint: c.t("3–32 位小写字母、数字或 . - _，以字母开头", "3–32 lower-case letters, digits or . - _, starting with a letter"),
                            error: error(["username"]), maxLength: 32)
                        Components.field(
                            "display_name", label: c.t("姓名", "Name"), value: draft["display_name"], error: error(["display_name"]),
                            maxLength: 64)
                        el("p", .class("hint")) {
                            c.t(
                                "系统生成管理员的密码，只在下一页显示一次。",
                                "The system makes the administrator's password and shows it once, on the next page.")
                        }
                    }
                }
                Components.submit(c.t("开通学校", "Open the school"))
            }.node
        }
    }
}
