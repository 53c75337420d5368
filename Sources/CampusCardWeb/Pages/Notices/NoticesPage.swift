import CampusCardCore
import Foundation

/// The cardholder's notices of the last 30 days, newest first; the unread ones marked until
/// they are marked read.
public struct NoticesPage: Sendable {
    public var notices: [CardholderNotice]
    public var unread: Int

    public init(notices: [CardholderNotice], unread: Int) {
        (self.notices, self.unread) = (notices, unread)
    }

    public func render(_ c: PageContext) -> String {
        let base = c.schoolPath ?? ""
        return PageLayout(title: c.t("通知", "Notices"), tab: .me).render(c) {
            if notices.isEmpty {
                Components.empty(c.t("30天内没有通知。", "No notices in the last 30 days."))
            } else {
                if unread > 0 {
                    PostForm(action: "\(base)/notices/read", csrf: c.csrfToken) {
                        Components.submit(c.t("全部标为已读（\(unread) 条未读）", "Mark all read (\(unread) unread)"), class: "secondary")
                    }.node
                }
                el("ul", .class("records")) {
                    for (index, notice) in notices.enumerated() {
                        el("li", .class(index < unread ? "unread" : "read")) {
                            el("span") {
                                if index < unread {
                                    el("span", .class("pill")) { c.t("未读", "Unread") }
                                    " "
                                }
                                el("strong") { notice.title }
                            }
                            el("span", .class("when")) { c.dateTime(notice.at) }
                            el("span") { notice.body }
                        }
                    }
                }
            }
        }
    }
}
