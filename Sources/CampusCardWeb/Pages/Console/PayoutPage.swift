import CampusCardCore
import CampusCardStore
import Foundation

/// `/console/cardholders/{学工号}/payout`: paying out a leaver's balance in cash (离校退款, rule 5).
/// The form offers all that is left; a confirmation says what is paid and what stays; only its
/// button pays, and the receipt follows.
public struct PayoutPage: Sendable {
    public enum Stage: Sendable {
        /// The form: the amount as typed (the whole balance at first) and its refusal, if any.
        case form(amount: String?, error: CardError?)
        /// The confirmation; `requestID` makes the payout happen once however often it is posted.
        case confirm(amount: Money, requestID: String)
    }

    public var staff: StaffMember
    public var cardholder: CardholderEntry
    public var stage: Stage

    public init(staff: StaffMember, cardholder: CardholderEntry, stage: Stage) {
        (self.staff, self.cardholder, self.stage) = (staff, cardholder, stage)
    }

    public static func path(_ staffNumber: String) -> String { ConsoleSearchPage.profilePath(staffNumber) + "/payout" }

    public static func title(_ c: PageContext) -> String { c.t("离校退款", "Pay out a leaver") }

    /// Whether the profile offers it: a leaver with money left.
    public static func fits(_ cardholder: CardholderEntry) -> Bool { cardholder.isLeaver && cardholder.balance.isPositive }

    public func render(_ c: PageContext) -> String {
        CounterSteps.page(Self.title(c), staff: staff, cardholder: cardholder, c) {
            switch stage {
            case .form(let amount, let error): form(amount, error: error, c)
            case .confirm(let amount, let requestID): confirm(amount, requestID: requestID, c)
            }
        }
    }

    private func form(_ amount: String?, error: CardError?, _ c: PageContext) -> Node {
        el("section", .class("card")) {
            if Self.fits(cardholder) {
                let onField = error.flatMap { $0.details["field"] == "amount" ? c.message($0) : nil }
                if let error, onField == nil { Components.alert(c.message(error)) }
                ConsoleFacts.list([
                    .init(term: c.t("持卡人", "Cardholder"), detail: CounterSteps.who(cardholder, c)),
                    .init(term: c.t("离校日期", "Leaves on"), detail: cardholder.leaveDate ?? ConsoleNames.holder(cardholder.status, c)),
                    .init(term: c.t("状态", "Status"), detail: ConsoleNames.holder(cardholder.status, c)),
                    .init(term: c.t("余额", "Balance"), detail: cardholder.balance.formatted),
                ])
                PostForm(action: Self.path(cardholder.staffNumber) + "/confirm", csrf: c.csrfToken) {
                    Components.field(
                        "amount", label: c.t("结清金额（元）", "Amount (yuan)"), value: amount ?? cardholder.balance.yuanString,
                        hint: c.t(
                            "通常为全部余额；不超过 \(cardholder.balance.formatted)",
                            "Normally the whole balance; at most \(cardholder.balance.formatted)"),
                        error: onField, inputMode: "decimal", maxLength: 12)
                    Components.submit(c.t("下一步：确认", "Next: confirm"))
                }.node
            } else {
                Components.alert(
                    cardholder.isLeaver
                        ? c.t("此持卡人余额为 ¥0.00，没有可结清的余额。", "This cardholder's balance is ¥0.00: there is nothing to pay out.")
                        : c.t("此持卡人没有离校日期，不办理离校退款。", "This cardholder has no leave date: there is no leaver's payout."))
                Components.link(c.t("取消", "Cancel"), to: ConsoleSearchPage.profilePath(cardholder.staffNumber), class: "secondary")
            }
        }
    }

    private func confirm(_ amount: Money, requestID: String, _ c: PageContext) -> Node {
        let after = (cardholder.balance - amount).formatted
        return CounterSteps.confirm(
            .init(
                consequence: c.t(
                    "将以现金支付 \(amount.formatted) 给 \(CounterSteps.who(cardholder, c))，其校园卡余额从 \(cardholder.balance.formatted) 减为 \(after)。此操作记入审计日志，不能撤销。",
                    "\(amount.formatted) will be paid in cash to \(CounterSteps.who(cardholder, c)); the card's balance goes from \(cardholder.balance.formatted) to \(after). It is recorded in the audit log and cannot be undone."
                ),
                facts: [
                    .init(term: c.t("离校日期", "Leaves on"), detail: cardholder.leaveDate ?? ConsoleNames.holder(cardholder.status, c)),
                    .init(term: c.t("结清金额", "Paid out"), detail: amount.formatted, id: "payout-amount"),
                    .init(term: c.t("结清后余额", "Balance after"), detail: after),
                ],
                action: Self.path(cardholder.staffNumber), hidden: [("amount", amount.yuanString), ("request_id", requestID)],
                button: c.t("确认支付 \(amount.formatted)", "Pay out \(amount.formatted)"),
                back: (c.t("返回修改", "Change"), Self.path(cardholder.staffNumber))), c)
    }
}
