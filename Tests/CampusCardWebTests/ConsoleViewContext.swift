import Foundation

@testable import CampusCardWeb

extension PageContext {
    /// What the console's pages are rendered with in the view tests: the demo school, Shanghai's clock.
    static func console(_ language: PageLanguage = .zh, path: String = "/console") -> PageContext {
        var c = PageContext(
            language: language, csrfToken: "TOKEN", timeZone: TimeZone(identifier: "Asia/Shanghai")!, path: path, schoolPath: "/console",
            schoolName: "示范大学")
        c.languageAction = ConsoleLayout.language
        return c
    }
}
