import CampusCardCore

/// Every school setting as the console's form writes it: its name, the group it belongs to, its
/// rule (with the bounds `SchoolSettings.validate` checks), how it is written in a field and read
/// back. What `validate` refuses names a rule; the fields that rule concerns show the refusal.
public struct SettingField: Sendable {
    public enum Group: String, Sendable, CaseIterable {
        case topUp, autoTopUp, binding, graduates
    }

    /// The form's name: the API's key without `_fen`.
    public var key: String
    var group: Group
    var label: (zh: String, en: String)
    var rule: (zh: String, en: String)
    /// The names of `validate`'s refusals that concern this field.
    var rules: Set<String>
    var read: @Sendable (SchoolSettings) -> String
    /// False when the text is not a value of this setting at all.
    var write: @Sendable (inout SchoolSettings, String) -> Bool
    /// For a choice: each value with its name.
    var choices: [(value: String, zh: String, en: String)] = []
}

public enum SchoolSettingsForm {
    /// Every setting of `SchoolSettings`, in its order.
    public static let fields: [SettingField] = [
        list(
            "quick_top_up_presets", .topUp, ("快捷充值金额（元）", "Quick top-up amounts (yuan)"),
            ("逗号分隔；每项大于零且不超过单笔限额", "comma-separated; each above zero and within the single limit"), \.quickTopUpPresets,
            rules: ["quick_top_up_presets"]),
        int(
            "quick_top_up_fee_basis_points", .topUp, ("快捷充值手续费（万分之）", "Quick top-up fee (basis points)"),
            ("0–1000，即0–10%", "0–1000, that is 0–10%"), \.quickTopUpFeeBasisPoints, 0...1_000),
        SettingField(
            key: "fee_payer", group: .topUp, label: ("手续费承担方", "Who pays the fee"), rule: ("持卡人或学校", "the cardholder or the school"),
            rules: [], read: { $0.feePayer.rawValue },
            write: { settings, text in
                guard let payer = SchoolSettings.FeePayer(rawValue: text) else { return false }
                settings.feePayer = payer
                return true
            }, choices: [("cardholder", "持卡人", "The cardholder"), ("school", "学校", "The school")]),
        int(
            "channel_fee_basis_points", .topUp, ("渠道手续费率（万分之）", "The channels' fee rate (basis points)"),
            ("与支付宝、微信支付签约的费率，0–1000；对账单核对手续费用", "as contracted with Alipay and WeChat Pay, 0–1000; the bill check compares fees with it"),
            \.channelFeeBasisPoints, 0...1_000),
        money(
            "custom_top_up_minimum", .topUp, ("自定义充值最低（元）", "Custom top-up minimum (yuan)"),
            ("大于零且不高于最高金额", "above zero and at most the maximum"), \.customTopUpMinimum, rules: ["custom_top_up"]),
        money(
            "custom_top_up_maximum", .topUp, ("自定义充值最高（元）", "Custom top-up maximum (yuan)"),
            ("不高于单笔限额", "at most the single limit"), \.customTopUpMaximum, rules: ["custom_top_up", "limits"]),
        SettingField(
            key: "custom_top_up_multiple", group: .topUp, label: ("自定义金额须为其整数倍（元）", "Custom amounts in multiples of (yuan)"),
            rule: ("可不填；填则大于零", "optional; above zero if given"), rules: ["custom_top_up_multiple"],
            read: { $0.customTopUpMultiple?.yuanString ?? "" },
            write: { settings, text in
                if text.isEmpty {
                    settings.customTopUpMultiple = nil
                    return true
                }
                guard let money = Money(yuanString: text) else { return false }
                settings.customTopUpMultiple = money
                return true
            }),
        range(
            "custom_arrival_minutes", .topUp, ("自定义充值到账时间（分钟）", "Custom top-up arrives within (minutes)"),
            ("如 1-3；在0–1440之间", "as 1-3; within 0–1440"), \.customArrivalMinutes, rules: ["arrival"]),
        ints(
            "peak_hours", .topUp, ("高峰时段（点）", "Peak hours (o'clock)"), ("逗号分隔，0–23", "comma-separated, 0–23"), \.peakHours,
            rules: ["arrival"]),
        int(
            "peak_extra_arrival_minutes", .topUp, ("高峰时段额外到账时间（分钟）", "Extra arrival time at peak (minutes)"),
            ("0–1440", "0–1440"), \.peakExtraArrivalMinutes, SchoolSettings.Allowed.minutesInADay, rules: ["arrival"]),
        money(
            "single_top_up_limit", .topUp, ("单笔充值限额（元）", "Single top-up limit (yuan)"),
            ("不低于自定义最高，不高于单日限额", "at least the custom maximum, at most the daily limit"), \.singleTopUpLimit, rules: ["limits"]),
        money(
            "daily_top_up_limit", .topUp, ("单日充值限额（元）", "Daily top-up limit (yuan)"),
            ("不低于单笔限额，不超过100000", "at least the single limit, at most 100000"),
            \.dailyTopUpLimit, rules: ["limits"]),
        int(
            "unpaid_order_expiry_minutes", .topUp, ("未支付订单关闭（分钟）", "Unpaid orders close after (minutes)"),
            ("1–1440", "1–1440"), \.unpaidOrderExpiryMinutes, SchoolSettings.Allowed.unpaidOrderExpiryMinutes, rules: ["arrival"]),
        money(
            "auto_top_up_threshold", .autoTopUp, ("自动充值触发余额（元）", "Auto top-up below (yuan)"), ("大于零", "above zero"),
            \.autoTopUpThreshold, rules: ["auto_top_up"]),
        money(
            "auto_top_up_amount", .autoTopUp, ("自动充值金额（元）", "Auto top-up amount (yuan)"),
            ("大于零且不超过单笔限额", "above zero and within the single limit"), \.autoTopUpAmount, rules: ["auto_top_up"]),
        int(
            "auto_top_up_refund_deadline_day", .autoTopUp, ("代扣可退至次月（日）", "Auto-debits refundable until the next month's day"),
            ("1–28", "1–28"), \.autoTopUpRefundDeadlineDay, 1...28, rules: ["auto_top_up"]),
        int(
            "auto_top_up_renewal_month", .autoTopUp, ("代扣协议每年续签月份", "Agreements renewed each year in month"), ("1–12", "1–12"),
            \.autoTopUpRenewalMonth, 1...12, rules: ["auto_top_up"]),
        ints(
            "auto_top_up_retry_minutes", .autoTopUp, ("代扣失败后重试间隔（分钟）", "Retry a failed auto-debit after (minutes)"),
            ("逗号分隔，每项1–10080", "comma-separated, each 1–10080"), \.autoTopUpRetryMinutes,
            each: SchoolSettings.Allowed.autoTopUpRetryMinutes, rules: ["auto_top_up"]),
        int(
            "auto_top_up_max_failures", .autoTopUp, ("连续失败几次后暂停协议", "Pause the agreement after failures in a row"),
            ("1–20", "1–20"), \.autoTopUpMaxFailures, SchoolSettings.Allowed.autoTopUpMaxFailures, rules: ["auto_top_up"]),
        money(
            "auto_top_up_max_threshold", .autoTopUp, ("持卡人可选触发余额上限（元）", "Highest threshold a cardholder may choose (yuan)"),
            ("不低于默认触发余额", "at least the default threshold"), \.autoTopUpMaxThreshold, rules: ["auto_top_up"]),
        money(
            "auto_top_up_max_amount", .autoTopUp, ("持卡人可选代扣金额上限（元）", "Highest amount a cardholder may choose (yuan)"),
            ("不低于默认金额；代扣同时受单笔限额约束", "at least the default amount; a debit is also held to the single limit"), \.autoTopUpMaxAmount,
            rules: ["auto_top_up"]),
        range(
            "staff_number_digits", .binding, ("学工号位数", "Digits of a 学工号"), ("如 8-12；在4–20之间", "as 8-12; within 4–20"),
            \.staffNumberDigits, rules: ["binding"]),
        int(
            "password_attempts_before_lock", .binding, ("密码错误几次后锁定", "Wrong passwords before locking"), ("1–100", "1–100"),
            \.passwordAttemptsBeforeLock, SchoolSettings.Allowed.passwordAttemptsBeforeLock, rules: ["binding"]),
        int(
            "password_lock_minutes", .binding, ("锁定时长（分钟）", "Locked for (minutes)"), ("1–10080", "1–10080"), \.passwordLockMinutes,
            SchoolSettings.Allowed.passwordLockMinutes, rules: ["binding"]),
        SettingField(
            key: "service_center_hours", group: .binding, label: ("服务中心地点与时间", "The service center's place and hours"),
            rule: ("1–200个字", "1–200 characters"), rules: ["service_center_hours"], read: { $0.serviceCenterHours },
            write: { settings, text in
                settings.serviceCenterHours = text
                return true
            }),
        int(
            "freeze_months_after_leaving", .graduates, ("离校后几个月冻结", "Frozen months after leaving"), ("0–120", "0–120"),
            \.freezeMonthsAfterLeaving, SchoolSettings.Allowed.freezeMonthsAfterLeaving, rules: ["binding"]),
        ints(
            "freeze_notice_days_before", .graduates, ("冻结前几天提醒", "Reminded days before freezing"),
            ("逗号分隔，每项1–365", "comma-separated, each 1–365"), \.freezeNoticeDaysBefore, each: SchoolSettings.Allowed.freezeNoticeDays,
            rules: ["binding"]),
    ]

    /// Each field's text for `settings`.
    public static func values(_ settings: SchoolSettings) -> [String: String] {
        Dictionary(uniqueKeysWithValues: fields.map { ($0.key, $0.read(settings)) })
    }

    /// The settings the form writes (a field absent keeps `current`'s), checked by `validate`;
    /// else the refusal, named by the field or by `validate`'s rule.
    public static func settings(_ form: [String: String], current: SchoolSettings) throws(CardError) -> SchoolSettings {
        var settings = current
        for field in fields {
            guard let text = form[field.key].map({ $0.trimmingCharacters(in: .whitespaces) }) else { continue }
            guard text.utf8.count <= 400, field.write(&settings, text) else {
                throw .invalidField(field.key, zh: "应为" + field.rule.zh, en: "should be " + field.rule.en)
            }
        }
        try settings.validate()
        return settings
    }

    /// The fields whose value differs: name, before, after.
    public static func changes(from old: SchoolSettings, to new: SchoolSettings) -> [(field: SettingField, old: String, new: String)] {
        fields.compactMap { field in
            let (before, after) = (field.read(old), field.read(new))
            return before == after ? nil : (field, before, after)
        }
    }

    // MARK: the kinds of settings

    private static func money(
        _ key: String, _ group: SettingField.Group, _ label: (String, String), _ rule: (String, String),
        _ path: WritableKeyPath<SchoolSettings, Money> & Sendable, rules: Set<String>
    ) -> SettingField {
        SettingField(
            key: key, group: group, label: label, rule: rule, rules: rules, read: { $0[keyPath: path].yuanString },
            write: { settings, text in
                guard let money = Money(yuanString: text) else { return false }
                settings[keyPath: path] = money
                return true
            })
    }

    private static func list(
        _ key: String, _ group: SettingField.Group, _ label: (String, String), _ rule: (String, String),
        _ path: WritableKeyPath<SchoolSettings, [Money]> & Sendable, rules: Set<String>
    ) -> SettingField {
        SettingField(
            key: key, group: group, label: label, rule: rule, rules: rules,
            read: { $0[keyPath: path].map(\.yuanString).joined(separator: ", ") },
            write: { settings, text in
                let items = Self.items(text).map { Money(yuanString: $0) }
                guard !items.isEmpty, items.count <= 12, !items.contains(nil) else { return false }
                settings[keyPath: path] = items.compactMap { $0 }
                return true
            })
    }

    private static func int<Number: FixedWidthInteger & Sendable>(
        _ key: String, _ group: SettingField.Group, _ label: (String, String), _ rule: (String, String),
        _ path: WritableKeyPath<SchoolSettings, Number> & Sendable, _ bounds: ClosedRange<Number>, rules: Set<String> = []
    ) -> SettingField {
        SettingField(
            key: key, group: group, label: label, rule: rule, rules: rules, read: { String(describing: $0[keyPath: path]) },
            write: { settings, text in
                guard let number = Number(text), bounds.contains(number) else { return false }
                settings[keyPath: path] = number
                return true
            })
    }

    private static func ints(
        _ key: String, _ group: SettingField.Group, _ label: (String, String), _ rule: (String, String),
        _ path: WritableKeyPath<SchoolSettings, [Int]> & Sendable, each bounds: ClosedRange<Int> = 0...23, rules: Set<String>
    ) -> SettingField {
        SettingField(
            key: key, group: group, label: label, rule: rule, rules: rules,
            read: { $0[keyPath: path].map(String.init).joined(separator: ", ") },
            write: { settings, text in
                let items = Self.items(text).map { Int($0) }
                guard items.count <= 24, items.allSatisfy({ $0.map(bounds.contains) == true }) else { return false }
                settings[keyPath: path] = items.compactMap { $0 }
                return true
            })
    }

    private static func range(
        _ key: String, _ group: SettingField.Group, _ label: (String, String), _ rule: (String, String),
        _ path: WritableKeyPath<SchoolSettings, ClosedRange<Int>> & Sendable, rules: Set<String>
    ) -> SettingField {
        SettingField(
            key: key, group: group, label: label, rule: rule, rules: rules,
            read: { "\($0[keyPath: path].lowerBound)-\($0[keyPath: path].upperBound)" },
            write: { settings, text in
                let ends = text.split(whereSeparator: { "-–~".contains($0) }).map { Int($0.trimmingCharacters(in: .whitespaces)) }
                guard ends.count == 2, let low = ends[0], let high = ends[1], (0...1_440).contains(low), (low...1_440).contains(high)
                else { return false }
                settings[keyPath: path] = low...high
                return true
            })
    }

    /// "50, 100，200" as its items.
    private static func items(_ text: String) -> [String] {
        text.split(whereSeparator: { ",，、 ".contains($0) }).map(String.init)
    }
}
