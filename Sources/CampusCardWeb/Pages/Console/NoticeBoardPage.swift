import CampusCardCore
import CampusCardStore
import Foundation

/// `/console/notices/{maintenance-windows|announcements}?page=n`: the school's board the phone's
/// home page shows (`ServiceNoticeBoard`): those on now and to come, twenty to a page; for an
/// administrator, the form that publishes one (start and end in the school's time) and, on each
/// row, the way to withdraw it after a confirmation.
public struct NoticeBoardPage: Sendable {
    /// What the form holds: as typed, or the defaults (the next hour, for two hours).
    public struct Draft: Sendable {
        public var title = ""
        public var body = ""
        public var startsAt = ""
        public var endsAt = ""

        public init(title: String = "", body: String = "", startsAt: String = "", endsAt: String = "") {
            (self.title, self.body, self.startsAt, self.endsAt) = (title, body, startsAt, endsAt)
        }

        /// From the next full hour for two hours, in the school's time.
        public static func from(_ now: Date, in zone: TimeZone) -> Draft {
            let hour = (now.timeIntervalSince1970 / 3_600).rounded(.down) * 3_600 + 3_600
            let start = Date(timeIntervalSince1970: hour)
            return Draft(
                startsAt: ConsoleDateTime.input(start, in: zone), endsAt: ConsoleDateTime.input(start.addingTimeInterval(7_200), in: zone))
        }
    }

    /// What was just done, said at the top (`?done=…`).
    public enum Done: String, Sendable {
        case published
        case withdrawn
    }

    public static let perPage = 20
    /// The form's fields, where their refusals are said.
    static let fields: Set = ["title", "body", "starts_at", "ends_at"]

    public var staff: StaffMember
    public var kind: ServiceNotices.Kind
    /// This page's rows.
    public var notices: [ServiceNotice]
    public var now: Date
    public var page: Int
    public var hasMore: Bool
    public var draft: Draft
    public var error: CardError?
    public var done: Done?

    public init(
        staff: StaffMember, kind: ServiceNotices.Kind, notices: [ServiceNotice], now: Date, page: Int = 1, hasMore: Bool = false,
        draft: Draft = Draft(), error: CardError? = nil, done: Done? = nil
    ) {
        (self.staff, self.kind, self.notices, self.now, self.page, self.hasMore) = (staff, kind, notices, now, page, hasMore)
        (self.draft, self.error, self.done) = (draft, error, done)
    }

    /// The API's name of the board (`/api/v1/console/…`), kept in the page's address.
    public static func segment(_ kind: ServiceNotices.Kind) -> String {
        kind == .maintenanceWindow ? "maintenance-windows" : "announcements"
    }

    public static func kind(_ segment: String?) -> ServiceNotices.Kind? {
        [ServiceNotices.Kind.maintenanceWindow, .announcement].first { Self.segment($0) == segment }
    }

    public static func path(_ kind: ServiceNotices.Kind, page: Int = 1) -> String {
        "/console/notices/" + segment(kind) + (page > 1 ? "?page=\(page)" : "")
    }

    public static func withdrawPath(_ kind: ServiceNotices.Kind, _ id: Int64) -> String {
        path(kind) + "/\(id)/withdraw"
    }

    static func title(_ kind: ServiceNotices.Kind, _ c: PageContext) -> String {
        kind == .maintenanceWindow ? c.t("维护时段", "Maintenance windows") : c.t("公告", "Announcements")
    }

    public func render(_ c: PageContext) -> String {
        ConsoleLayout(title: Self.title(kind, c), staff: staff).render(c) {
            el("nav", .class("actions"), .aria("label", c.t("公告栏", "The board"))) {
                for each in [ServiceNotices.Kind.maintenanceWindow, .announcement] {
                    el("a", attributes: [.href(Self.path(each)), .class("secondary"), each == kind ? .aria("current", "page") : nil]) {
                        Self.title(each, c)
                    }
                }
            }
            el("p", .class("hint")) {
                kind == .maintenanceWindow
                    ? c.t(
                        "维护时段内暂停充值与绑定，持卡人的首页提前显示维护时间。时间均为学校时间（\(c.timeZone.identifier)）。",
                        "Top-ups and binding pause during a window; cardholders' home pages show it beforehand. Times are the school's (\(c.timeZone.identifier))."
                    )
                    : c.t(
                        "公告在其起止时间内显示在每位持卡人的首页。时间均为学校时间（\(c.timeZone.identifier)）。",
                        "An announcement shows on every cardholder's home page between its start and end. Times are the school's (\(c.timeZone.identifier))."
                    )
            }
            if let done {
                el("p", .class("note"), .role("status"), .id("done")) {
                    done == .published ? c.t("已发布。", "Published.") : c.t("已撤下。", "Withdrawn.")
                }
            }
            let field = error?.details["field"].flatMap { Self.fields.contains($0) ? $0 : nil }
            if let error, field == nil { Components.alert(c.message(error)) }
            el("section", .aria("labelledby", "board")) {
                el("h2", .id("board")) { c.t("正在生效与即将开始", "On now and to come") }
                if notices.isEmpty {
                    Components.empty(c.t("没有正在生效或即将开始的。", "Nothing on now or to come."))
                } else {
                    table(c)
                }
                ConsolePager.links(page: page, hasMore: hasMore, c, label: c.t("分页", "Pages")) { Self.path(kind, page: $0) }
            }
            if staff.role.may(.runSchool) { form(field: field, error.map(c.message), c) }
        }
    }

    private func table(_ c: PageContext) -> Node {
        let withdraws = staff.role.may(.runSchool)
        return el("table", .class("grid")) {
            el("thead") {
                el("tr") {
                    for header in [c.t("标题", "Title"), c.t("内容", "Text"), c.t("开始", "Starts"), c.t("结束", "Ends"), c.t("状态", "State")] {
                        el("th", Attribute("scope", "col")) { header }
                    }
                    if withdraws { el("th", Attribute("scope", "col")) { c.t("办理", "Action") } }
                }
            }
            el("tbody") {
                for notice in notices {
                    el("tr") {
                        el("td") { notice.title }
                        el("td") { notice.body }
                        el("td") { c.dateTime(notice.startsAt) }
                        el("td") { c.dateTime(notice.endsAt) }
                        el("td") { notice.startsAt <= now ? c.t("正在生效", "On now") : c.t("未开始", "To come") }
                        if withdraws {
                            el("td") { Components.link(c.t("撤下", "Withdraw"), to: Self.withdrawPath(kind, notice.id)) }
                        }
                    }
                }
            }
        }
    }

    private func form(field: String?, _ message: String?, _ c: PageContext) -> Node {
        let error = { (name: String) in field == name ? message : nil }
        return el("section", .class("card"), .aria("labelledby", "publish")) {
            el("h2", .id("publish")) {
                kind == .maintenanceWindow ? c.t("发布维护时段", "Publish a window") : c.t("发布公告", "Publish an announcement")
            }
            PostForm(action: Self.path(kind), csrf: c.csrfToken) {
                Components.field("title", label: c.t("标题", "Title"), value: draft.title, error: error("title"), maxLength: 100)
                el("div", .class(error("body") == nil ? "field" : "field invalid")) {
                    el("label", .for("body")) { c.t("内容（可不填）", "Text (optional)") }
                    el("textarea", .id("body"), .name("body"), Attribute("maxlength", "2000"), Attribute("rows", "4")) { draft.body }
                }
                let zone = c.t("学校时间 \(c.timeZone.identifier)", "the school's time, \(c.timeZone.identifier)")
                Components.field(
                    "starts_at", label: c.t("开始", "Starts"), type: "datetime-local", value: draft.startsAt, hint: zone,
                    error: error("starts_at"), autocomplete: nil)
                Components.field(
                    "ends_at", label: c.t("结束", "Ends"), type: "datetime-local", value: draft.endsAt, hint: zone, error: error("ends_at"),
                    autocomplete: nil)
                Components.submit(c.t("发布", "Publish"))
            }.node
        }
    }

    /// The confirmation before withdrawing `notice`: what stops showing, and for a window that
    /// top-ups and binding open again.
    public static func withdrawal(staff: StaffMember, kind: ServiceNotices.Kind, notice: ServiceNotice, now: Date, _ c: PageContext)
        -> String
    {
        ConsoleLayout(title: c.t("撤下", "Withdraw"), staff: staff).render(c) {
            el("p") { Components.link(c.t("← 返回\(title(kind, c))", "← Back to \(title(kind, c))"), to: path(kind)) }
            CounterSteps.confirm(
                .init(
                    consequence: kind == .maintenanceWindow
                        ? c.t(
                            "将撤下维护时段“\(notice.title)”：持卡人的首页不再显示它\(notice.startsAt <= now ? "，充值与绑定立即恢复" : "")。此操作记入审计日志，不能撤销。",
                            "The window \u{201C}\(notice.title)\u{201D} will be withdrawn: cardholders' home pages stop showing it\(notice.startsAt <= now ? " and top-ups and binding open again at once" : ""). It is recorded in the audit log and cannot be undone."
                        )
                        : c.t(
                            "将撤下公告“\(notice.title)”：持卡人的首页不再显示它。此操作记入审计日志，不能撤销。",
                            "The announcement \u{201C}\(notice.title)\u{201D} will be withdrawn: cardholders' home pages stop showing it. It is recorded in the audit log and cannot be undone."
                        ),
                    facts: [
                        .init(term: c.t("标题", "Title"), detail: notice.title, id: "notice-title"),
                        .init(term: c.t("开始", "Starts"), detail: c.dateTime(notice.startsAt)),
                        .init(term: c.t("结束", "Ends"), detail: c.dateTime(notice.endsAt)),
                    ],
                    action: withdrawPath(kind, notice.id), button: c.t("确认撤下", "Withdraw it"),
                    back: (c.t("不撤下，返回", "Keep it, go back"), path(kind))), c)
        }
    }
}
