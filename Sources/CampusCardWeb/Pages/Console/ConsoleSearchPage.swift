import CampusCardCore
import CampusCardStore
import Foundation

/// `/console/cardholders?q=…`: a school's cardholders found by 学工号, name, card number or
/// passport, twenty to a page, each leading to their profile.
public struct ConsoleSearchPage: Sendable {
    public var staff: StaffMember
    public var query: String
    public var cardholders: [CardholderEntry]
    public var page: Int
    public var hasMore: Bool
    public var error: CardError?

    public init(
        staff: StaffMember, query: String, cardholders: [CardholderEntry] = [], page: Int = 1, hasMore: Bool = false,
        error: CardError? = nil
    ) {
        (self.staff, self.query, self.cardholders, self.page, self.hasMore, self.error) = (staff, query, cardholders, page, hasMore, error)
    }

    public static let path = "/console/cardholders"

    public static func profilePath(_ staffNumber: String) -> String {
        "\(path)/\(staffNumber.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? staffNumber)"
    }

    /// The search box, on this page and the console's first page. A GET: a search changes nothing.
    static func form(query: String, error: CardError? = nil, _ c: PageContext) -> Node {
        el("form", .class("search"), Attribute("method", "get"), Attribute("action", path), .role("search")) {
            Components.field(
                "q", label: c.t("查找持卡人", "Find a cardholder"), value: query,
                hint: c.t("学工号、姓名、卡号或护照号", "学工号 (student or staff number), name, card number or passport"),
                error: error.map(c.message), maxLength: 64)
            Components.submit(c.t("查找", "Search"))
        }
    }

    public func render(_ c: PageContext) -> String {
        ConsoleLayout(title: c.t("查找持卡人", "Find a cardholder"), staff: staff).render(c) {
            Self.form(query: query, error: error, c)
            if error == nil, !query.isEmpty {
                if cardholders.isEmpty {
                    Components.empty(c.t("没有找到“\(query)”。", "Nobody matches \u{201C}\(query)\u{201D}."))
                } else {
                    results(c)
                }
            }
        }
    }

    private func results(_ c: PageContext) -> Node {
        el("section", .aria("labelledby", "found")) {
            el("h2", .id("found")) { c.t("查找结果", "Cardholders found") }
            el("table", .class("grid")) {
                el("thead") {
                    el("tr") {
                        for (zh, en) in [
                            ("学工号", "Student or staff no."), ("姓名", "Name"), ("类别", "Kind"), ("校区", "Campus"), ("卡号", "Card"),
                            ("卡状态", "Card status"),
                            ("余额", "Balance"),
                        ] {
                            el("th", attributes: [Attribute("scope", "col"), zh == "余额" ? .class("amount") : nil]) { c.t(zh, en) }
                        }
                    }
                }
                el("tbody") {
                    for holder in cardholders {
                        el("tr") {
                            el("td") { Components.link(holder.staffNumber, to: Self.profilePath(holder.staffNumber)) }
                            el("td") { holder.name }
                            el("td") { ConsoleNames.kind(holder.kind, c) }
                            el("td") { holder.campus ?? "" }
                            el("td") { holder.cardNumber ?? "" }
                            el("td") { ConsoleNames.card(holder.cardStatus, c) }
                            el("td", .class("amount")) { holder.balance.formatted }
                        }
                    }
                }
            }
            ConsolePager.links(page: page, hasMore: hasMore, c, label: c.t("查找结果分页", "Pages of cardholders")) { page in
                "\(Self.path)?q=\(query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&page=\(page)"
            }
        }
    }
}
