import CampusCardCore
import CampusCardStore
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

extension StaffMember {
    /// The demo school's clerk, as the view tests sign their pages.
    static let demoClerk = StaffMember(id: 2, schoolID: 1, username: "demo-clerk", displayName: "演示服务中心", role: .clerk)
}

extension CardholderEntry {
    /// 张三 (20260001) with ¥123.45 and, unless `card` is nil, the card 20260001 in `card`'s state.
    static func zhangSan(
        card: CardStatus? = .active, kind: CardholderKind = .student, status: CardholderStatus = .active, leaveDate: String? = nil,
        passport: String? = nil, balance: Money = Money(fen: 12_345)
    ) -> CardholderEntry {
        CardholderEntry(
            id: 1, staffNumber: "20260001", name: "张三", kind: kind, campus: "主校区", status: status, passport: passport, leaveDate: leaveDate,
            cardNumber: card == nil ? nil : "20260001", cardStatus: card, balance: balance)
    }
}
