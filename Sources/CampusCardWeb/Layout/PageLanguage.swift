/// Chinese by default; English for those who chose it (remembered in a cookie).
public enum PageLanguage: String, Sendable, CaseIterable {
    case zh, en

    public init(cookie: String?) {
        self = cookie.flatMap(PageLanguage.init(rawValue:)) ?? .zh
    }

    /// The `lang` attribute of the page.
    var tag: String { self == .zh ? "zh-CN" : "en" }
}
