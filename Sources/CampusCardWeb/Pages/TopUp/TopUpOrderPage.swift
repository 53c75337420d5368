import CampusCardCore
import CampusCardStore
import Foundation

/// One order from "pay" to "credited": where to pay, then its state as it changes, never a blank
/// wait. While it waits the page reloads itself, and each load asks the server, which may ask the channel.
public struct TopUpOrderPage: Sendable {
    public var order: TopUpOrder
    /// How to open the channel's cashier (the sandbox's in demo); nil when there is none.
    public var cashier: CashierHandOff?
    public var arrival: ClosedRange<Int>
    public var balance: Money?

    public init(order: TopUpOrder, cashier: CashierHandOff?, arrival: ClosedRange<Int>, balance: Money?) {
        (self.order, self.cashier, self.arrival, self.balance) = (order, cashier, arrival, balance)
    }

    var waiting: Bool { order.status == .created || order.status == .awaitingPayment || order.status == .paid }

    public func render(_ c: PageContext) -> String {
        let base = c.schoolPath ?? ""
        return PageLayout(title: c.t("充值订单", "Top-up order"), tab: .topUp, refreshSeconds: waiting ? 3 : nil).render(c) {
            el("section", .class("card"), .aria("live", "polite")) {
                el("p", .class("balance")) { order.amount.formatted }
                el("p", .id("order-status"), .class("status-\(order.status.rawValue)")) { statusText(c) }
                el("dl") {
                    el("dt") { c.t("订单号", "Order") }
                    el("dd") { order.orderNo }
                    el("dt") { c.t("应付", "To pay") }
                    el("dd") {
                        order.payable.formatted
                            + (order.fee.isPositive ? c.t("（含手续费 \(order.fee.formatted)）", " (fee \(order.fee.formatted))") : "")
                    }
                    el("dt") { c.t("下单时间", "Ordered") }
                    el("dd") { c.dateTime(order.createdAt) }
                    if let balance, order.status == .credited {
                        el("dt") { c.t("当前余额", "Balance now") }
                        el("dd", .id("balance")) { balance.formatted }
                    }
                }
            }
            if order.status == .awaitingPayment || order.status == .created {
                if let cashier { cashier.render(c) }
                Components.note(
                    c.t(
                        "请在 \(c.time(order.expiresAt)) 前完成付款，超时订单自动关闭，额度退回。",
                        "Pay before \(c.time(order.expiresAt)); after that the order closes and the limit is given back."))
            }
            if waiting {
                Components.link(c.t("刷新状态", "Refresh"), to: "\(base)/top-up/orders/\(order.orderNo)", class: "secondary")
            }
            Components.link(c.t("返回首页", "Back to the card"), to: base, class: "secondary")
        }
    }

    private func statusText(_ c: PageContext) -> String {
        switch order.status {
        case .created, .awaitingPayment: return c.t("等待付款", "Waiting for payment")
        case .paid:
            return arrival.upperBound > 0
                ? c.t(
                    "已付款，预计 \(arrival.lowerBound)–\(arrival.upperBound) 分钟内到账",
                    "Paid: it arrives within \(arrival.lowerBound)–\(arrival.upperBound) minutes")
                : c.t("已付款，正在入账", "Paid: being credited")
        case .credited: return c.t("已到账", "Credited")
        case .failed:
            return c.t("未成功：", "Not done: ") + (order.failureReason ?? c.t("渠道未受理", "the channel refused it"))
                + c.t("。未扣款或款项将原路退回。", ". Nothing was taken, or it goes back the way it came.")
        case .closed: return c.t("已关闭（超时未付款），额度已退回。", "Closed (not paid in time); the limit is given back.")
        }
    }
}
