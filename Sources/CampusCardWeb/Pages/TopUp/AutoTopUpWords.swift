import CampusCardCore
import CampusCardServices
import CampusCardStore

/// What an agreement's state, a debit's result and a recorded change read as, on the phone and at
/// the counter alike, in the reader's language.
enum AutoTopUpWords {
    static func status(_ status: AutoTopUpStatus, _ c: PageContext) -> String {
        switch status {
        case .opened: c.t("待签约", "Waiting to be signed")
        case .active: c.t("生效中", "Active")
        case .paused: c.t("已暂停", "Paused")
        case .cancelled: c.t("已解约", "Cancelled")
        case .expired: c.t("已到期", "Expired")
        }
    }

    /// `refunded`: a refund of it is asked or done.
    static func result(_ debit: AutoTopUpDebits.Debit, refunded: Bool, _ c: PageContext) -> String {
        switch debit.status {
        case .succeeded: refunded ? c.t("已退款", "Refunded") : c.t("成功", "Succeeded")
        case .processing: c.t("银行处理中", "Processing at the bank")
        case .failed: c.t("失败：", "Failed: ") + (debit.reason.map { c.t($0.zh, $0.en) } ?? "")
        }
    }

    /// A change as `AutoTopUpAgreements` records it: what was done, by whom.
    static func change(_ change: AutoTopUpChange, _ c: PageContext) -> String {
        let action =
            switch change.action {
            case "open": c.t("开通（银行已验证银行卡）", "opened (the bank verified the card)")
            case "sign": c.t("签约", "signed")
            case "pause": c.t("暂停", "paused")
            case "resume": c.t("恢复", "resumed")
            case "change": c.t("修改规则", "rule changed")
            case "cancel": c.t("解约", "cancelled")
            case "expire": c.t("到期", "expired")
            default: change.action
            }
        let actor =
            if change.actor.hasPrefix("cardholder:") {
                c.t("持卡人本人", "the cardholder")
            } else if change.actor == "system" {
                c.t("系统", "the system")
            } else {
                change.actor
            }
        return "\(action) · \(actor)" + (change.detail.isEmpty ? "" : " · \(change.detail)")
    }
}
