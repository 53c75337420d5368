import CampusCardCore

/// What the console calls the roster's and the cards' states, in the reader's language.
enum ConsoleNames {
    static func card(_ status: CardStatus?, _ c: PageContext) -> String {
        switch status {
        case nil: c.t("未发卡", "No card")
        case .active: c.t(CardStatus.active.chineseName, "Active")
        case .lost: c.t(CardStatus.lost.chineseName, "Reported lost")
        case .frozen: c.t(CardStatus.frozen.chineseName, "Frozen")
        case .replaced: c.t(CardStatus.replaced.chineseName, "Replaced")
        }
    }

    static func kind(_ kind: CardholderKind, _ c: PageContext) -> String {
        switch kind {
        case .student: c.t("学生", "Student")
        case .staff: c.t("教职工", "Staff")
        case .international: c.t("留学生", "International student")
        }
    }

    static func holder(_ status: CardholderStatus, _ c: PageContext) -> String {
        switch status {
        case .active: c.t("在校", "Enrolled")
        case .frozen: c.t("已离校冻结", "Left, frozen")
        }
    }

    static func channel(_ name: String, _ c: PageContext) -> String {
        guard let channel = BindingChannel(rawValue: name) else { return name }
        let en =
            switch channel {
            case .schoolApp: "School app"
            case .alipay: "Alipay"
            case .wechat: "WeChat"
            }
        return c.t(channel.chineseName, en)
    }

    /// The audit log's action codes as the office says them; an unknown one as stored.
    static func action(_ action: String, _ c: PageContext) -> String {
        let names: [String: (String, String)] = [
            "roster_corrected": ("更正名单", "Roster corrected"), "phone_access_unlocked": ("解除手机绑定锁定", "Phone access unlocked"),
            "card_issued": ("补发新卡", "Card issued"), "card_lost": ("挂失", "Reported lost"), "card_active": ("解挂", "Found"),
            "card_frozen": ("冻结", "Frozen"), "card_replaced": ("作废（已补卡）", "Replaced"), "refund": ("退还误充值", "Mistaken top-up refunded"),
            "payout": ("结清余额", "Balance paid out"), "payment_password_changed": ("修改支付密码", "Payment password changed"),
            "graduate_frozen": ("离校冻结", "Frozen on leaving"), "leave_date_extended": ("延长离校日期", "Leave date extended"),
        ]
        guard let (zh, en) = names[action] else { return action }
        return c.t(zh, en)
    }
}
