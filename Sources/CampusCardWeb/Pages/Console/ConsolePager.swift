/// A table's page links: the previous and the next page, each only when there is one.
enum ConsolePager {
    /// `link(n)`: the address of page `n`.
    static func links(page: Int, hasMore: Bool, _ c: PageContext, label: String, link: (Int) -> String) -> Node {
        // One page only: nothing to page through.
        guard page > 1 || hasMore else { return .empty }
        return el("nav", .class("pager"), .aria("label", label)) {
            if page > 1 { Components.link(c.t("上一页", "Previous page"), to: link(page - 1)) }
            el("span") { c.t("第 \(page) 页", "Page \(page)") }
            if hasMore { Components.link(c.t("下一页", "Next page"), to: link(page + 1)) }
        }
    }
}
