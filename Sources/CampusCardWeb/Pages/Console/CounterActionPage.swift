import CampusCardCore
import CampusCardStore
import Foundation

/// `/console/cardholders/{学工号}/counter/{action}`: before the counter reports a card lost, finds
/// it again or lifts a phone lock, this page says what will happen to whom; only its button does it.
public struct CounterActionPage: Sendable {
    public var staff: StaffMember
    public var cardholder: CardholderEntry
    public var action: CounterAction

    public init(staff: StaffMember, cardholder: CardholderEntry, action: CounterAction) {
        (self.staff, self.cardholder, self.action) = (staff, cardholder, action)
    }

    public static func path(_ staffNumber: String, _ action: CounterAction) -> String {
        ConsoleSearchPage.profilePath(staffNumber) + "/counter/" + action.rawValue
    }

    /// The action's name, as the profile's links and this page's title say it.
    public static func title(_ action: CounterAction, _ c: PageContext) -> String {
        switch action {
        case .reportLost: c.t("挂失校园卡", "Report the card lost")
        case .markFound: c.t("解挂校园卡", "The card was found")
        case .unlockPhone: c.t("解除手机绑定锁定", "Unlock phone access")
        }
    }

    public func render(_ c: PageContext) -> String {
        CounterSteps.page(Self.title(action, c), staff: staff, cardholder: cardholder, c) {
            let profile = ConsoleSearchPage.profilePath(cardholder.staffNumber)
            // A card whose state does not allow it: the page says why and has no button.
            if action.fits(cardholder.cardStatus) {
                CounterSteps.confirm(
                    .init(
                        consequence: consequence(c),
                        facts: [
                            .init(term: c.t("持卡人", "Cardholder"), detail: CounterSteps.who(cardholder, c)),
                            .init(term: c.t("卡号", "Card"), detail: cardholder.cardNumber ?? c.t("未发卡", "No card")),
                            .init(term: c.t("卡状态", "Card status"), detail: ConsoleNames.card(cardholder.cardStatus, c)),
                            .init(term: c.t("余额", "Balance"), detail: cardholder.balance.formatted),
                        ],
                        action: Self.path(cardholder.staffNumber, action), button: button(c), back: (c.t("取消", "Cancel"), profile)), c)
            } else {
                el("section", .class("card")) {
                    Components.alert(
                        c.t(
                            "此卡当前为“\(ConsoleNames.card(cardholder.cardStatus, c))”，不能办理\(Self.title(action, c))。",
                            "The card is \(ConsoleNames.card(cardholder.cardStatus, c).lowercased()) now: \(Self.title(action, c).lowercased()) does not apply."
                        ))
                    Components.link(c.t("取消", "Cancel"), to: profile, class: "secondary")
                }
            }
        }
    }

    private func consequence(_ c: PageContext) -> String {
        let who = "\(cardholder.name)（\(cardholder.staffNumber)）"
        let card = cardholder.cardNumber ?? ""
        return switch action {
        case .reportLost:
            c.t(
                "将挂失 \(who)的校园卡 \(card)：所有终端立即拒绝此卡，余额 \(cardholder.balance.formatted) 保留在卡内。找回后可在此解挂，或办理补卡。",
                "The card \(card) of \(cardholder.name) (\(cardholder.staffNumber)) will be reported lost: every terminal refuses it at once; its balance of \(cardholder.balance.formatted) stays. Once found, it can be unlocked here, or replaced."
            )
        case .markFound:
            c.t(
                "将解挂 \(who)的校园卡 \(card)：此卡恢复可用，终端的下一笔消费即可从余额 \(cardholder.balance.formatted) 扣款。",
                "The card \(card) of \(cardholder.name) (\(cardholder.staffNumber)) will work again: the next charge at a terminal takes from its balance of \(cardholder.balance.formatted)."
            )
        case .unlockPhone:
            c.t(
                "将解除 \(who)的手机绑定锁定，并清除此卡的密码错误次数：持卡人可立即重新绑定或验证新手机。请先核对持卡人本人的证件。",
                "The phone lock of \(cardholder.name) (\(cardholder.staffNumber)) will be lifted and the card's wrong-password count cleared: they can bind or verify a phone at once. Check their identity document first."
            )
        }
    }

    private func button(_ c: PageContext) -> String {
        switch action {
        case .reportLost: c.t("确认挂失", "Report lost")
        case .markFound: c.t("确认解挂", "Mark found")
        case .unlockPhone: c.t("确认解除锁定", "Unlock")
        }
    }
}
