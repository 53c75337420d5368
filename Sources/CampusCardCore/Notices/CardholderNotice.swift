import Foundation

/// One message in the cardholder's notice inbox (消息通知).
public struct CardholderNotice: Equatable, Sendable {
    public enum Kind: String, Sendable, Codable {
        case lowBalance = "low_balance"
        case largeSpend = "large_spend"
        case cardLost = "card_lost"
        case freezeWarning = "freeze_warning"
        case passwordChanged = "password_changed"
        case autoTopUpDone = "auto_top_up_done"
        case autoTopUpFailed = "auto_top_up_failed"
        case autoTopUpPaused = "auto_top_up_paused"
        case autoTopUpExpiring = "auto_top_up_expiring"
        case autoTopUpExpired = "auto_top_up_expired"
        case autoTopUpRefunded = "auto_top_up_refunded"
    }

    /// Stable across reads: the kind and what it is about (a transfer, a card, a warning day).
    public var id: String
    public var kind: Kind
    public var title: String
    public var body: String
    public var at: Date

    public init(id: String, kind: Kind, title: String, body: String, at: Date) {
        (self.id, self.kind, self.title, self.body, self.at) = (id, kind, title, body, at)
    }
}

/// Notices that follow from the ledger and the roster, worked out when the inbox is read: they
/// are there the moment the movement is, and the spend path writes nothing extra at noon.
public enum NoticeRules {
    /// A spend at or over the cardholder's own threshold; a movement that took the balance below
    /// the low-balance line (once per crossing, not for every spend under it). `records` newest first.
    public static func fromRecords(_ records: [PurseRecord], largeSpend: Money?, lowBalance: Money) -> [CardholderNotice] {
        var notices: [CardholderNotice] = []
        for record in records {
            if let largeSpend, record.kind == .spend, -record.amount.fen >= largeSpend.fen {
                notices.append(
                    CardholderNotice(
                        id: "large_spend:\(record.transferID)", kind: .largeSpend, title: "大额消费提醒",
                        body: "\(record.memo) 消费¥\(Money(fen: -record.amount.fen).yuanString)，如非本人消费请立即挂失。", at: record.at))
            }
            if let after = record.balanceAfter, after < lowBalance, after.fen - record.amount.fen >= lowBalance.fen {
                notices.append(
                    CardholderNotice(
                        id: "low_balance:\(record.transferID)", kind: .lowBalance, title: "余额不足提醒",
                        body: "校园卡余额¥\(after.yuanString)，低于¥\(lowBalance.yuanString)，请及时充值。", at: record.at))
            }
        }
        return notices
    }

    /// The warnings due 30 and 7 days (the school's days) before a leaver's purse freezes, each
    /// from the start of its day.
    public static func freezeWarnings(leaveDate: LocalDate?, settings: SchoolSettings, today: LocalDate, timeZone: TimeZone)
        -> [CardholderNotice]
    {
        guard let leaveDate else { return [] }
        let freezeDate = GraduateFreeze(settings: settings).freezeDate(leftOn: leaveDate)
        return settings.freezeNoticeDaysBefore.sorted(by: >).compactMap { days in
            let due = freezeDate.addingDays(-days)
            guard due <= today, today < freezeDate else { return nil }
            return CardholderNotice(
                id: "freeze_warning:\(days)", kind: .freezeWarning, title: "账户冻结提醒（\(days)天）",
                body: "您的校园卡账户将于 \(freezeDate) 自动冻结。请在此之前到校园卡服务中心办理余额提取。", at: due.start(in: timeZone))
        }
    }
}
