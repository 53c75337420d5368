import CampusCardCore
import CampusCardStore

/// `/console/campuses`: the school's campuses; an administrator adds one or renames one (its code,
/// which every cardholder of it keeps, stays).
public struct CampusesPage: Sendable {
    public enum Done: String, Sendable {
        case added
        case renamed
    }

    public static let path = "/console/campuses"
    static let fields: Set = ["campus_code", "campus_name"]

    public var staff: StaffMember
    public var campuses: [CampusRecord]
    public var draft: [String: String]
    public var error: CardError?
    public var done: Done?

    public init(
        staff: StaffMember, campuses: [CampusRecord], draft: [String: String] = [:], error: CardError? = nil, done: Done? = nil
    ) {
        (self.staff, self.campuses, self.draft, self.error, self.done) = (staff, campuses, draft, error, done)
    }

    public static func renamePath(_ code: String) -> String { "\(path)/\(code)" }

    static func title(_ c: PageContext) -> String { c.t("校区", "Campuses") }

    public func render(_ c: PageContext) -> String {
        ConsoleLayout(title: Self.title(c), staff: staff).render(c) {
            if let done {
                el("p", .class("note"), .role("status"), .id("done")) {
                    done == .added
                        ? c.t("校区已添加。", "The campus is added.")
                        : c.t("校区已改名，持卡人所属校区不变。", "The campus is renamed; its cardholders stay on it.")
                }
            }
            let acts = staff.role.may(.runSchool)
            // A rename's refusal is said on the page: each row has its own field.
            let field = error?.details["field"].flatMap { Self.fields.contains($0) && draft["rename"] == nil ? $0 : nil }
            if let error, field == nil { Components.alert(c.message(error)) }
            el("table", .class("grid")) {
                ConsoleGrid.head([c.t("校区代码", "Code"), acts ? c.t("名称（可改）", "Name (can be changed)") : c.t("名称", "Name")], c)
                el("tbody") {
                    for campus in campuses {
                        el("tr", .id("campus-\(campus.code.rawValue)")) {
                            el("td") { campus.code.rawValue }
                            el("td") {
                                if acts {
                                    PostForm(action: Self.renamePath(campus.code.rawValue), csrf: c.csrfToken, class: "row-actions") {
                                        void(
                                            "input",
                                            [
                                                .id("name-\(campus.code.rawValue)"), .name("campus_name"), .type("text"),
                                                .value(campus.name),
                                                .aria("label", c.t("\(campus.name)的新名称", "New name of \(campus.name)")),
                                                Attribute("maxlength", "64"), .required,
                                            ])
                                        el("button", .type("submit"), .class("link")) { c.t("改名", "Rename") }
                                    }.node
                                } else {
                                    campus.name
                                }
                            }
                        }
                    }
                }
            }
            if acts { form(field: field, error.map(c.message), c) }
        }
    }

    private func form(field: String?, _ message: String?, _ c: PageContext) -> Node {
        el("section", .class("card"), .aria("labelledby", "add-campus")) {
            el("h2", .id("add-campus")) { c.t("添加校区", "Add a campus") }
            PostForm(action: Self.path, csrf: c.csrfToken) {
                Components.field(
                    "campus_code", label: c.t("校区代码", "Campus code"), value: draft["campus_code"],
                    hint: c.t("2–16 位大写字母或数字，添加后不能改", "2–16 upper-case letters or digits; it cannot change later"),
                    error: field == "campus_code" ? message : nil, maxLength: 16)
                Components.field(
                    "campus_name", label: c.t("名称", "Name"), value: draft["campus_name"], error: field == "campus_name" ? message : nil,
                    maxLength: 64)
                Components.submit(c.t("添加校区", "Add the campus"))
            }.node
        }
    }
}
