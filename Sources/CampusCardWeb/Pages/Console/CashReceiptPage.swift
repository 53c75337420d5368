import CampusCardCore
import CampusCardStore
import Foundation

/// The receipt of cash paid at the counter, printed for the cardholder to sign: who got what
/// (a mistaken top-up refunded, or a leaver's balance paid out), by whom and when, and what is
/// left on the card. The header and links are not printed.
public struct CashReceiptPage: Sendable {
    public enum Kind: Sendable {
        /// A mistaken top-up refunded: its order and the reason.
        case refund(orderNo: String, reason: String)
        /// A leaver's balance paid out (离校退款).
        case payout
    }

    public var staff: StaffMember
    public var cardholder: CardholderEntry
    public var kind: Kind
    public var receipt: TransferReceipt

    public init(staff: StaffMember, cardholder: CardholderEntry, kind: Kind, receipt: TransferReceipt) {
        (self.staff, self.cardholder, self.kind, self.receipt) = (staff, cardholder, kind, receipt)
    }

    public func render(_ c: PageContext) -> String {
        let title = title(c)
        return ConsoleLayout(title: title, staff: staff).render(c) {
            el("section", .class("card receipt"), .aria("label", title)) {
                el("p", .class("note")) { note(c) }
                ConsoleFacts.list(
                    [
                        .init(term: c.t("学校", "School"), detail: c.schoolName ?? ""),
                        .init(term: c.t("持卡人", "Cardholder"), detail: CounterSteps.who(cardholder, c)),
                        .init(term: c.t("卡号", "Card"), detail: cardholder.cardNumber ?? ""),
                    ] + kindFacts(c) + [
                        receipt.purseBalanceAfter.map {
                            .init(term: c.t("办理后余额", "Balance after"), detail: $0.formatted, id: "receipt-balance")
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

    private func title(_ c: PageContext) -> String {
        switch kind {
        case .refund: c.t("退款凭证", "Refund receipt")
        case .payout: c.t("离校退款凭证", "Leaver's payout receipt")
        }
    }

    private func note(_ c: PageContext) -> String {
        switch kind {
        case .refund: c.t("已退还，请将现金交给持卡人并请其签字。", "Refunded: hand the cash to the cardholder and have them sign.")
        case .payout: c.t("已结清，请将现金交给持卡人并请其签字。", "Paid out: hand the cash to the cardholder and have them sign.")
        }
    }

    private func kindFacts(_ c: PageContext) -> [ConsoleFacts.Fact?] {
        switch kind {
        case .refund(let orderNo, let reason):
            [
                .init(term: c.t("退还误充值", "Mistaken top-up refunded"), detail: receipt.amount.formatted, id: "receipt-amount"),
                .init(term: c.t("原充值订单", "Top-up order"), detail: orderNo),
                .init(term: c.t("原因", "Reason"), detail: reason),
            ]
        case .payout:
            [
                .init(term: c.t("离校退款（现金）", "Paid out in cash"), detail: receipt.amount.formatted, id: "receipt-amount"),
                .init(term: c.t("离校日期", "Leaves on"), detail: cardholder.leaveDate ?? ConsoleNames.holder(cardholder.status, c)),
            ]
        }
    }
}
