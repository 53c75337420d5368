import CampusCardCore
import CampusCardStore

/// `/console/merchants`: the school's canteens and shops, each with the ledger account its
/// takings go to; an administrator adds one (on a campus, or the whole school).
public struct MerchantsPage: Sendable {
    public static let path = "/console/merchants"
    static let fields: Set = ["merchant_code", "name", "campus_code"]

    public var staff: StaffMember
    public var merchants: [MerchantRecord]
    public var campuses: [CampusRecord]
    /// The form's fields as typed.
    public var draft: [String: String]
    public var error: CardError?
    public var added: Bool

    public init(
        staff: StaffMember, merchants: [MerchantRecord], campuses: [CampusRecord], draft: [String: String] = [:], error: CardError? = nil,
        added: Bool = false
    ) {
        (self.staff, self.merchants, self.campuses, self.draft, self.error, self.added) = (staff, merchants, campuses, draft, error, added)
    }

    static func title(_ c: PageContext) -> String { c.t("商户", "Merchants") }

    public func render(_ c: PageContext) -> String {
        ConsoleLayout(title: Self.title(c), staff: staff).render(c) {
            if added { el("p", .class("note"), .role("status"), .id("done")) { c.t("商户已添加。", "The merchant is added.") } }
            let field = error?.details["field"].flatMap { Self.fields.contains($0) ? $0 : nil }
            if let error, field == nil { Components.alert(c.message(error)) }
            el("section", .aria("labelledby", "merchants")) {
                el("h2", .id("merchants")) { c.t("食堂与商店", "Canteens and shops") }
                if merchants.isEmpty {
                    Components.empty(c.t("还没有商户。", "No merchants yet."))
                } else {
                    el("table", .class("grid")) {
                        ConsoleGrid.head([c.t("商户编号", "Code"), c.t("名称", "Name"), c.t("收入账户", "Takings account")], c)
                        el("tbody") {
                            for merchant in merchants {
                                el("tr", .id("merchant-\(merchant.code)")) {
                                    el("td") { merchant.code }
                                    el("td") { merchant.name }
                                    el("td") { "#\(merchant.account.id)" }
                                }
                            }
                        }
                    }
                }
            }
            if staff.role.may(.runSchool) { form(field: field, error.map(c.message), c) }
        }
    }

    private func form(field: String?, _ message: String?, _ c: PageContext) -> Node {
        el("section", .class("card"), .aria("labelledby", "add-merchant")) {
            el("h2", .id("add-merchant")) { c.t("添加食堂或商店", "Add a canteen or shop") }
            PostForm(action: Self.path, csrf: c.csrfToken) {
                Components.field(
                    "merchant_code", label: c.t("商户编号", "Merchant code"), value: draft["merchant_code"],
                    hint: c.t("本校唯一，如 CANTEEN2", "Unique in the school, such as CANTEEN2"),
                    error: field == "merchant_code" ? message : nil, maxLength: 32)
                Components.field(
                    "name", label: c.t("名称", "Name"), value: draft["name"], hint: c.t("如 第二食堂、校园超市", "Such as 第二食堂 or a campus shop"),
                    error: field == "name" ? message : nil, maxLength: 64)
                el("div", .class(field == "campus_code" ? "field invalid" : "field")) {
                    el("label", .for("campus_code")) { c.t("校区", "Campus") }
                    el("select", .id("campus_code"), .name("campus_code")) {
                        el("option", .value("")) { c.t("不限校区", "Any campus") }
                        for campus in campuses {
                            el(
                                "option",
                                attributes: [.value(campus.code.rawValue), draft["campus_code"] == campus.code.rawValue ? .selected : nil]
                            ) {
                                campus.name
                            }
                        }
                    }
                    if field == "campus_code", let message { el("p", .class("error"), .role("alert")) { message } }
                }
                Components.submit(c.t("添加商户", "Add the merchant"))
            }.node
        }
    }
}
