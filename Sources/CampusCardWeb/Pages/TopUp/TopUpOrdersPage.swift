import CampusCardCore
import CampusCardStore

/// Every top-up order of the card, newest first, each with its state and a way to it.
public struct TopUpOrdersPage: Sendable {
    public var orders: [TopUpOrder]

    public init(orders: [TopUpOrder]) {
        self.orders = orders
    }

    public func render(_ c: PageContext) -> String {
        let base = c.schoolPath ?? ""
        return PageLayout(title: c.t("充值订单", "Top-up orders"), tab: .topUp).render(c) {
            if orders.isEmpty {
                Components.empty(c.t("还没有充值订单。", "No top-up orders yet."))
            } else {
                el("ul", .class("records")) {
                    for order in orders {
                        el("li") {
                            el("a", .href("\(base)/top-up/orders/\(order.orderNo)")) { order.amount.formatted }
                            el("span", .class("after status-\(order.status.rawValue)")) { Self.status(order.status, c) }
                            el("span", .class("when")) { c.dateTime(order.createdAt) }
                            el("span", .class("after")) { order.orderNo }
                        }
                    }
                }
            }
            Components.link(c.t("去充值", "Top up"), to: "\(base)/top-up", class: "secondary")
        }
    }

    static func status(_ status: TopUpOrderStatus, _ c: PageContext) -> String {
        switch status {
        case .created, .awaitingPayment: c.t("待付款", "Waiting for payment")
        case .paid: c.t("已付款，入账中", "Paid, arriving")
        case .credited: c.t("已到账", "Credited")
        case .failed: c.t("未成功", "Not done")
        case .closed: c.t("已关闭", "Closed")
        }
    }
}
