import CampusCardCore

/// Every record of the purse, newest first, with its running balance; filtered by kind and
/// month, a page at a time, and each month's statement as CSV.
public struct RecordsPage: Sendable {
    public var records: [PurseRecord]
    /// Where the next page starts; nil: this is the last.
    public var nextBefore: Int64?
    public var kind: String?
    /// `YYYY-MM`.
    public var month: String
    public var error: CardError?

    public init(records: [PurseRecord], nextBefore: Int64?, kind: String?, month: String, error: CardError? = nil) {
        (self.records, self.nextBefore, self.kind, self.month, self.error) = (records, nextBefore, kind, month, error)
    }

    static let kinds: [(String, String, String)] = [
        ("", "全部", "All"), ("spend", "消费", "Spends"), ("top_up", "充值", "Top-ups"), ("void", "撤销", "Voids"),
        ("refund", "退款", "Refunds"), ("fee", "手续费", "Fees"), ("payout", "余额提取", "Payouts"),
    ]

    public func render(_ c: PageContext) -> String {
        let base = (c.schoolPath ?? "") + "/records"
        return PageLayout(title: c.t("账单", "Records"), tab: .records).render(c) {
            if let error { Components.alert(c.message(error)) }
            el("form", Attribute("method", "get"), Attribute("action", base), .class("filters")) {
                el("div", .class("field")) {
                    el("label", .for("kind")) { c.t("类型", "Kind") }
                    el("select", .id("kind"), .name("kind")) {
                        for (value, zh, en) in Self.kinds {
                            el("option", attributes: [.value(value), (kind ?? "") == value ? .selected : nil]) { c.t(zh, en) }
                        }
                    }
                }
                el("div", .class("field")) {
                    el("label", .for("month")) { c.t("月份", "Month") }
                    void("input", [.id("month"), .name("month"), .type("month"), .value(month), Attribute("pattern", "[0-9]{4}-[0-9]{2}")])
                }
                el("button", .type("submit"), .class("secondary")) { c.t("筛选", "Filter") }
            }
            Components.link(
                c.t("下载 \(month) 月账单（CSV）", "Download the \(month) statement (CSV)"), to: "\(base)/statement.csv?month=\(month)",
                class: "secondary")
            if records.isEmpty {
                Components.empty(c.t("这个月没有符合条件的记录。", "No records of this kind this month."))
            } else {
                RecordList.render(records, c)
            }
            if let nextBefore {
                Components.link(
                    c.t("更早的记录", "Older records"), to: "\(base)?month=\(month)&kind=\(kind ?? "")&before=\(nextBefore)", class: "secondary")
            }
        }
    }
}
