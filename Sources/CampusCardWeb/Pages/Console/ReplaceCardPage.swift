import CampusCardCore
import CampusCardStore
import Foundation

/// `/console/cardholders/{学工号}/replace`: replacing a card (补卡). The clerk types the new card's
/// number; a confirmation says which card stops working and what the new one keeps; only its
/// button replaces it.
public struct ReplaceCardPage: Sendable {
    public enum Stage: Sendable {
        /// The form, with what was typed and its refusal, if any.
        case form(newNumber: String, error: CardError?)
        /// The confirmation of the checked number.
        case confirm(newNumber: String)
    }

    public var staff: StaffMember
    public var cardholder: CardholderEntry
    public var stage: Stage

    public init(staff: StaffMember, cardholder: CardholderEntry, stage: Stage) {
        (self.staff, self.cardholder, self.stage) = (staff, cardholder, stage)
    }

    public static func path(_ staffNumber: String) -> String { ConsoleSearchPage.profilePath(staffNumber) + "/replace" }

    public static func title(_ c: PageContext) -> String { c.t("补办校园卡", "Replace the card") }

    public func render(_ c: PageContext) -> String {
        CounterSteps.page(Self.title(c), staff: staff, cardholder: cardholder, c) {
            switch stage {
            case .form(let newNumber, let error): form(newNumber, error: error, c)
            case .confirm(let newNumber): confirm(newNumber, c)
            }
        }
    }

    private func form(_ newNumber: String, error: CardError?, _ c: PageContext) -> Node {
        let old = cardholder.cardNumber ?? ""
        return el("section", .class("card")) {
            if cardholder.cardStatus?.isReplaceable == true {
                // The number's own refusals under the field; anything else (the card's state) above.
                let onField = error.flatMap { [.invalidField, .cardNumberTaken].contains($0.code) ? c.message($0) : nil }
                if let error, onField == nil { Components.alert(c.message(error)) }
                ConsoleFacts.list([
                    .init(term: c.t("持卡人", "Cardholder"), detail: CounterSteps.who(cardholder, c)),
                    .init(term: c.t("现卡号", "Current card"), detail: old),
                    .init(term: c.t("卡状态", "Card status"), detail: ConsoleNames.card(cardholder.cardStatus, c)),
                ])
                PostForm(action: Self.path(cardholder.staffNumber) + "/confirm", csrf: c.csrfToken) {
                    Components.field(
                        "new_card_number", label: c.t("新卡卡号", "New card's number"), value: newNumber,
                        hint: c.t("新卡背面印的卡号，4–32位数字或字母", "As printed on the new card: 4–32 digits or letters"), error: onField,
                        maxLength: 40, extra: [Attribute("autocapitalize", "characters")])
                    Components.submit(c.t("下一步：确认", "Next: confirm"))
                }.node
            } else {
                Components.alert(
                    c.t(
                        "此卡当前为“\(ConsoleNames.card(cardholder.cardStatus, c))”，不能补卡。",
                        "The card is \(ConsoleNames.card(cardholder.cardStatus, c).lowercased()) now: it cannot be replaced."))
                Components.link(c.t("取消", "Cancel"), to: ConsoleSearchPage.profilePath(cardholder.staffNumber), class: "secondary")
            }
        }
    }

    private func confirm(_ newNumber: String, _ c: PageContext) -> Node {
        let old = cardholder.cardNumber ?? ""
        let balance = cardholder.balance.formatted
        return CounterSteps.confirm(
            .init(
                consequence: c.t(
                    "将为 \(CounterSteps.who(cardholder, c))补卡：原卡 \(old) 立即作废，所有终端拒绝；新卡 \(newNumber) 即刻可用，余额 \(balance) 和手机绑定转到新卡。此操作记入审计日志，不能撤销。",
                    "\(CounterSteps.who(cardholder, c)) gets a new card: the old card \(old) is void at once and every terminal refuses it; the new card \(newNumber) works now, with the balance of \(balance) and the phone bindings. It is recorded in the audit log and cannot be undone."
                ),
                facts: [
                    .init(term: c.t("原卡号（作废）", "Old card (void)"), detail: old),
                    .init(term: c.t("新卡号", "New card"), detail: newNumber, id: "new-card"),
                    .init(term: c.t("余额", "Balance"), detail: balance),
                ],
                action: Self.path(cardholder.staffNumber), hidden: [("new_card_number", newNumber)],
                button: c.t("确认补卡", "Replace the card"), back: (c.t("返回修改", "Change"), Self.path(cardholder.staffNumber))), c)
    }
}
