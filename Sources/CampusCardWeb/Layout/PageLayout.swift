/// The frame of every cardholder page: head, the school and the language switch on top, the
/// page's content, and the tab bar once a card is bound.
public struct PageLayout: Sendable {
    public var title: String
    /// Shows the tab bar with this tab current; nil: none (sign-in, binding, errors).
    public var tab: Tab?
    /// Reload the page after this many seconds (an order waiting for the channel, a payment code
    /// about to run out). By the script, not `<meta refresh>`: a timed refresh the reader did not
    /// ask for fails WCAG 2.2.1; without JavaScript the page's own refresh link does it.
    public var refreshSeconds: Int?
    /// Reload after this many seconds in a browser that runs no script: a `<meta refresh>` inside
    /// `<noscript>`, which a browser running scripts reads as text, so it neither reloads a page
    /// its script keeps up to date nor counts as a timed refresh there.
    public var noScriptRefreshSeconds: Int?
    /// The console's desk width (tables of cardholders) instead of a phone's column.
    public var desk = false
    /// Shown in the top bar before the language switch (the console's signed-in staff member).
    public var bar: Node?

    public init(title: String, tab: Tab? = nil, refreshSeconds: Int? = nil) {
        (self.title, self.tab, self.refreshSeconds) = (title, tab, refreshSeconds)
    }

    public enum Tab: String, Sendable, CaseIterable {
        case home
        case topUp = "top-up"
        case code, records, me
    }

    public func render(_ c: PageContext, @NodeBuilder content: () -> Node) -> String {
        Node.document(
            el("html", .lang(c.language.tag)) {
                el("head") {
                    void("meta", [Attribute("charset", "utf-8")])
                    void("meta", [.name("viewport"), Attribute("content", "width=device-width, initial-scale=1")])
                    el("title") { title == c.t("校园卡", "Campus card") ? title : title + " · " + c.t("校园卡", "Campus card") }
                    void("link", [Attribute("rel", "stylesheet"), .href(PageAssets.stylesheetPath)])
                    el("script", Attribute("src", PageAssets.scriptPath), Attribute("defer", nil))
                    if let seconds = noScriptRefreshSeconds {
                        el("noscript") { void("meta", [Attribute("http-equiv", "refresh"), Attribute("content", "\(seconds)")]) }
                    }
                }
                el("body", attributes: [refreshSeconds.map { .data("refresh", "\($0)") }, desk ? .class("desk") : nil]) {
                    header(c)
                    el("main", .id("main")) {
                        el("h1") { title }
                        content()
                    }
                    if let tab, let base = c.schoolPath { tabBar(current: tab, base: base, c) }
                }
            })
    }

    private func header(_ c: PageContext) -> Node {
        el("header", .class("top")) {
            el("span", .class("brand")) { c.schoolName ?? c.t("校园卡", "Campus card") }
            if let bar { bar }
            languageSwitch(c)
        }
    }

    /// A form, so it works without JavaScript; the choice is remembered in a cookie.
    private func languageSwitch(_ c: PageContext) -> Node {
        let other: PageLanguage = c.language == .zh ? .en : .zh
        return PostForm(action: c.languageAction, csrf: c.csrfToken, class: "lang") {
            void("input", [.type("hidden"), .name("language"), .value(other.rawValue)])
            void("input", [.type("hidden"), .name("back"), .value(c.path)])
            el("button", .type("submit"), .lang(other.tag)) { other == .en ? "English" : "中文" }
        }.node
    }

    private func tabBar(current: Tab, base: String, _ c: PageContext) -> Node {
        let tabs: [(Tab, String, String)] = [
            (.home, "首页", "Home"), (.topUp, "充值", "Top up"), (.code, "付款码", "Pay"),
            (.records, "账单", "Records"), (.me, "我的", "Me"),
        ]
        return el("nav", .class("tabs"), .aria("label", c.t("主要功能", "Main"))) {
            for (tab, zh, en) in tabs {
                el(
                    "a",
                    attributes: [
                        .href(tab == .home ? base : "\(base)/\(tab.rawValue)"), tab == current ? .aria("current", "page") : nil,
                    ]
                ) { c.t(zh, en) }
            }
        }
    }
}
