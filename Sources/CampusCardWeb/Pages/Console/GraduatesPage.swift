import CampusCardCore
import CampusCardStore
import Foundation

/// `/console/graduates?list=30|7|frozen&page=n`: the leavers the service center works through
/// (rule 5): those about to be frozen within 30 or 7 days, and those frozen with money left;
/// twenty to a page, each leading to their profile and, where money is left, to paying it out.
public struct GraduatesPage: Sendable {
    public var staff: StaffMember
    public var list: GraduateList
    public var graduates: [FreezingCardholder]
    public var page: Int
    public var hasMore: Bool
    public var error: CardError?

    public init(
        staff: StaffMember, list: GraduateList, graduates: [FreezingCardholder] = [], page: Int = 1, hasMore: Bool = false,
        error: CardError? = nil
    ) {
        (self.staff, self.list, self.graduates, self.page, self.hasMore, self.error) = (staff, list, graduates, page, hasMore, error)
    }

    public static let path = "/console/graduates"

    public static func path(_ list: GraduateList, page: Int = 1) -> String {
        "\(path)?list=\(list.rawValue)" + (page > 1 ? "&page=\(page)" : "")
    }

    static func title(_ c: PageContext) -> String { c.t("离校人员", "Leavers") }

    static func name(_ list: GraduateList, _ c: PageContext) -> String {
        switch list {
        case .within30Days: c.t("30天内冻结", "Frozen within 30 days")
        case .within7Days: c.t("7天内冻结", "Frozen within 7 days")
        case .frozenWithBalance: c.t("已冻结仍有余额", "Frozen with a balance left")
        }
    }

    public func render(_ c: PageContext) -> String {
        ConsoleLayout(title: Self.title(c), staff: staff).render(c) {
            el("nav", .class("actions"), .aria("label", c.t("名单", "Lists"))) {
                for each in GraduateList.allCases {
                    el("a", attributes: [.href(Self.path(each)), .class("secondary"), each == list ? .aria("current", "page") : nil]) {
                        Self.name(each, c)
                    }
                }
            }
            el("p", .class("hint")) {
                c.t(
                    "离校人员的账户在离校满规定月数（默认3个月）后自动冻结；冻结前后均可在服务中心办理离校退款，领取余额。",
                    "A leaver's account freezes by itself some months after leaving (3 by default); the balance is paid out at the service center, before or after."
                )
            }
            if let error { Components.alert(c.message(error)) }
            el("section", .aria("labelledby", "list")) {
                el("h2", .id("list")) { Self.name(list, c) }
                if graduates.isEmpty {
                    Components.empty(c.t("没有需要处理的离校人员。", "Nobody on this list."))
                } else {
                    table(c)
                }
                ConsolePager.links(page: page, hasMore: hasMore, c, label: c.t("离校人员分页", "Pages of leavers")) { page in
                    Self.path(list, page: page)
                }
            }
        }
    }

    private func table(_ c: PageContext) -> Node {
        let pays = staff.role.may(.serveCardholders)
        return el("table", .class("grid")) {
            el("thead") {
                el("tr") {
                    for header in [
                        c.t("学工号", "Student or staff no."), c.t("姓名", "Name"), c.t("离校日期", "Left on"),
                        list == .frozenWithBalance ? c.t("冻结日期", "Frozen on") : c.t("将于此日冻结", "Freezes on"),
                    ] {
                        el("th", Attribute("scope", "col")) { header }
                    }
                    el("th", .class("amount"), Attribute("scope", "col")) { c.t("余额", "Balance") }
                    if pays { el("th", Attribute("scope", "col")) { c.t("办理", "Action") } }
                }
            }
            el("tbody") {
                for graduate in graduates {
                    el("tr") {
                        el("td") { Components.link(graduate.staffNumber, to: ConsoleSearchPage.profilePath(graduate.staffNumber)) }
                        el("td") { graduate.name }
                        el("td") { graduate.leaveDate.description }
                        el("td") { graduate.freezeDate.description }
                        el("td", .class("amount")) { graduate.balance.formatted }
                        if pays {
                            el("td") {
                                if graduate.balance.isPositive {
                                    Components.link(c.t("离校退款", "Pay out"), to: PayoutPage.path(graduate.staffNumber))
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
