import CampusCardCore
import CampusCardStore
import Foundation

/// The bound card at a glance: balance, card state, latest records, the school's news, unread notices.
public struct HomePage: Sendable {
    public var name: String
    public var balance: Money
    public var card: CardNumber?
    public var cardStatus: CardStatus?
    /// Since when the card is lost or frozen, where known.
    public var statusSince: Date?
    public var records: [PurseRecord]
    public var announcements: [ServiceNotice]
    public var maintenance: [ServiceNotice]
    public var unreadNotices: Int
    public var now: Date

    public init(
        name: String, balance: Money, card: CardNumber?, cardStatus: CardStatus?, statusSince: Date?, records: [PurseRecord],
        announcements: [ServiceNotice], maintenance: [ServiceNotice], unreadNotices: Int, now: Date
    ) {
        (self.name, self.balance, self.card, self.cardStatus, self.statusSince, self.records) = (
            name, balance, card, cardStatus, statusSince, records
        )
        (self.announcements, self.maintenance, self.unreadNotices, self.now) = (announcements, maintenance, unreadNotices, now)
    }

    public func render(_ c: PageContext) -> String {
        let base = c.schoolPath ?? ""
        return PageLayout(title: c.t("我的校园卡", "My campus card"), tab: .home).render(c) {
            if unreadNotices > 0 {
                el("a", .class("banner"), .href("\(base)/notices")) {
                    c.t("您有 \(unreadNotices) 条未读通知", "You have \(unreadNotices) unread notice\(unreadNotices == 1 ? "" : "s")")
                }
            }
            for window in maintenance { MaintenanceNote.render(window, now: now, c) }
            el("section", .class("card"), .aria("label", c.t("余额", "Balance"))) {
                el("p") { name + (card.map { " · " + c.t("卡号 ", "card ") + $0.rawValue } ?? "") }
                el("p", .class("balance"), .id("balance")) { balance.formatted }
                CardStatusLine.render(cardStatus, since: statusSince, c)
            }
            if cardStatus == .active || cardStatus == nil {
                Components.link(c.t("充值", "Top up"), to: "\(base)/top-up", class: "primary")
            }
            Components.scamWarning(c)
            for announcement in announcements {
                el("section", .class("card")) {
                    el("h2") { announcement.title }
                    el("p") { announcement.body }
                }
            }
            el("h2") { c.t("最近记录", "Latest records") }
            if records.isEmpty {
                Components.empty(c.t("还没有记录。充值或在食堂消费后会显示在这里。", "No records yet. Top-ups and canteen spends show here."))
            } else {
                RecordList.render(records, c)
                Components.link(c.t("全部账单", "All records"), to: "\(base)/records", class: "secondary")
            }
        }
    }
}

/// The card's state in words, with the date it changed.
enum CardStatusLine {
    static func render(_ status: CardStatus?, since: Date?, _ c: PageContext) -> Node {
        guard let status else {
            return el("p") { c.t("尚未发卡，请到校园卡服务中心领取。", "No card issued yet: collect it at the service center.") }
        }
        let sinceText = since.map { c.t("（\(c.date($0)) 起）", " (since \(c.date($0)))") } ?? ""
        let text: String =
            switch status {
            case .active: c.t("正常", "Active")
            case .lost:
                c.t("已挂失", "Reported lost") + sinceText + c.t("：找回后请到服务中心解挂或补卡。", ": find it again or replace it at the service center.")
            case .frozen: c.t("已冻结", "Frozen") + sinceText + c.t("：余额请到服务中心提取。", ": collect the balance at the service center.")
            case .replaced: c.t("已补卡，此卡号作废", "Replaced: this number no longer works")
            }
        return el("p", .class("status-\(status.rawValue)")) {
            el("span", .class("pill")) { c.t("卡片状态", "Card") }
            " " + text
        }
    }
}

/// A service window (系统维护): top-ups and binding pause while it lasts; canteen payments go on.
enum MaintenanceNote {
    static func render(_ window: ServiceNotice, now: Date, _ c: PageContext) -> Node {
        let active = window.startsAt <= now && now < window.endsAt
        return el("p", .class(active ? "alert" : "note"), .role(active ? "alert" : "note")) {
            el("strong") { window.title }
            " · \(c.dateTime(window.startsAt)) – \(c.dateTime(window.endsAt))"
            void("br", [])
            window.body
        }
    }
}
