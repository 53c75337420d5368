import CampusCardCore
import CampusCardStore
import Foundation

/// The receipt of a refund, printed for the cardholder to sign: who was refunded what, for which
/// top-up, by whom and when. The header and links are not printed.
public struct RefundReceiptPage: Sendable {
    public var staff: StaffMember
    public var cardholder: CardholderEntry
    public var orderNo: String
    public var reason: String
    public var receipt: TransferReceipt

    public init(staff: StaffMember, cardholder: CardholderEntry, orderNo: String, reason: String, receipt: TransferReceipt) {
        (self.staff, self.cardholder, self.orderNo, self.reason, self.receipt) = (staff, cardholder, orderNo, reason, receipt)
    }

    public func render(_ c: PageContext) -> String {
        ConsoleLayout(title: c.t("退款凭证", "Refund receipt"), staff: staff).render(c) {
            el("section", .class("card receipt"), .aria("label", c.t("退款凭证", "Refund receipt"))) {
                el("p", .class("note")) {
                    c.t("已退还，请将现金交给持卡人并请其签字。", "Refunded: hand the cash to the cardholder and have them sign.")
                }
                ConsoleFacts.list([
                    .init(term: c.t("学校", "School"), detail: c.schoolName ?? ""),
                    .init(term: c.t("持卡人", "Cardholder"), detail: "\(cardholder.name)（\(cardholder.staffNumber)）"),
                    .init(term: c.t("卡号", "Card"), detail: cardholder.cardNumber ?? ""),
                    .init(term: c.t("退还误充值", "Mistaken top-up refunded"), detail: receipt.amount.formatted, id: "receipt-amount"),
                    .init(term: c.t("原充值订单", "Top-up order"), detail: orderNo),
                    .init(term: c.t("原因", "Reason"), detail: reason),
                    receipt.purseBalanceAfter.map {
                        .init(term: c.t("退款后余额", "Balance after"), detail: $0.formatted, id: "receipt-balance")
                    },
                    .init(term: c.t("经办人", "Clerk"), detail: "\(staff.displayName)（\(staff.username)）"),
                    .init(term: c.t("时间", "When"), detail: c.dateTime(receipt.at)),
                    .init(term: c.t("流水号", "Transfer"), detail: String(receipt.transferID)),
                ])
                el("p", .class("signature")) { c.t("持卡人签字：", "Cardholder's signature:") }
            }
            el("p", .class("no-print")) {
                Components.link(c.t("返回持卡人资料", "Back to the cardholder"), to: ConsoleSearchPage.profilePath(cardholder.staffNumber))
            }
        }
    }
}
