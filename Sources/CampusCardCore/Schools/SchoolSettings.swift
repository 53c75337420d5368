import Foundation

/// Every number of SPEC.md, per school. A school stores only what it changed: a missing key takes
/// the default, so adding a setting never needs a data migration.
public struct SchoolSettings: Equatable, Sendable {
    // Top-up (充值)
    public var quickTopUpPresets: [Money] = [.yuan(50), .yuan(100), .yuan(200)]
    public var quickTopUpFeeBasisPoints: Int64 = 30
    public var feePayer: FeePayer = .cardholder
    /// The service fee the school's merchant contract with Alipay and WeChat Pay sets, on what
    /// the cardholder paid (0.6% is both channels' standard rate); the T+1 bill check reports a
    /// payment whose fee in the bill differs from it (`BillCheck`).
    public var channelFeeBasisPoints: Int64 = 60
    public var customTopUpMinimum: Money = .yuan(10)
    public var customTopUpMaximum: Money = .yuan(500)
    /// Some schools take custom amounts in whole tens of yuan only.
    public var customTopUpMultiple: Money? = nil
    public var customArrivalMinutes: ClosedRange<Int> = 1...3
    public var peakHours: [Int] = [8, 12]
    public var peakExtraArrivalMinutes: Int = 5
    public var singleTopUpLimit: Money = .yuan(500)
    public var dailyTopUpLimit: Money = .yuan(2000)
    public var unpaidOrderExpiryMinutes: Int = 15

    // Auto top-up (自动代扣)
    public var autoTopUpThreshold: Money = .yuan(20)
    public var autoTopUpAmount: Money = .yuan(50)
    /// An auto-debit may be refunded until this day of the following month.
    public var autoTopUpRefundDeadlineDay: Int = 5
    /// Agreements expire every year in this month and must be signed again.
    public var autoTopUpRenewalMonth: Int = 9
    /// Minutes after each failed auto-debit before the next try: the n-th failure waits the n-th
    /// entry (the last one repeats), so a card with no funds is not asked again at once.
    public var autoTopUpRetryMinutes: [Int] = [30, 240]
    /// After this many failed auto-debits in a row the agreement pauses and the cardholder is told.
    public var autoTopUpMaxFailures: Int = 3
    /// The highest threshold and amount a cardholder may choose for their own agreement (an
    /// amount is also held to the single top-up limit, whatever this says).
    public var autoTopUpMaxThreshold: Money = .yuan(100)
    public var autoTopUpMaxAmount: Money = .yuan(200)

    // Binding (绑定)
    public var staffNumberDigits: ClosedRange<Int> = 8...12
    public var passwordAttemptsBeforeLock: Int = 5
    public var passwordLockMinutes: Int = 30
    /// Where and when the card office sees cardholders: pages that send a student there say it.
    public var serviceCenterHours: String = "工作日 8:30–11:30、14:00–17:00"
    /// The school's own sign-on for its app; none: the deployment's school login.
    public var signOn: SchoolSignOn? = nil

    // Graduates (毕业生)
    public var freezeMonthsAfterLeaving: Int = 3
    public var freezeNoticeDaysBefore: [Int] = [30, 7]

    public init() {}

    public enum FeePayer: String, Codable, Sendable, CaseIterable {
        case cardholder, school
    }

    public static let defaults = SchoolSettings()

    /// The ranges a value may take, the same for the API and the console's form: beyond them a
    /// number stops meaning anything at a card office (a lock of years, a limit of billions) and
    /// could overflow the arithmetic that uses it.
    public enum Allowed {
        public static let minutesInADay = 0...1_440
        public static let unpaidOrderExpiryMinutes = 1...1_440
        public static let passwordAttemptsBeforeLock = 1...100
        public static let passwordLockMinutes = 1...10_080
        public static let freezeMonthsAfterLeaving = 0...120
        public static let freezeNoticeDays = 1...365
        public static let dailyTopUpLimit = Money.yuan(100_000)
        /// A retry waits at most a week: longer, and the cardholder has long topped up by hand.
        public static let autoTopUpRetryMinutes = 1...10_080
        public static let autoTopUpMaxFailures = 1...20
        /// How many quick presets, peak hours or reminder days a list may hold.
        public static let listLength = 1...24
    }

    /// Settings that contradict each other are refused when an administrator saves them.
    public func validate() throws(CardError) {
        func refuse(_ field: String, _ zh: String, _ en: String) -> CardError {
            .invalidField(field, zh: zh, en: en)
        }
        guard customTopUpMinimum.isPositive, customTopUpMinimum <= customTopUpMaximum else {
            throw refuse("custom_top_up", "最低金额须大于零且不高于最高金额", "the minimum must be positive and at most the maximum")
        }
        guard customTopUpMaximum <= singleTopUpLimit, singleTopUpLimit <= dailyTopUpLimit, dailyTopUpLimit <= Allowed.dailyTopUpLimit else {
            throw refuse(
                "limits", "自定义上限 ≤ 单笔限额 ≤ 单日限额 ≤ 100000元", "custom maximum ≤ single limit ≤ daily limit ≤ 100,000 yuan")
        }
        guard Allowed.listLength.contains(quickTopUpPresets.count),
            quickTopUpPresets.allSatisfy({ $0.isPositive && $0 <= singleTopUpLimit })
        else {
            throw refuse("quick_top_up_presets", "预设金额须大于零且不超过单笔限额", "presets must be positive and within the single limit")
        }
        guard (0...1_000).contains(quickTopUpFeeBasisPoints) else {
            throw refuse("quick_top_up_fee_basis_points", "手续费须在0–10%之间", "the fee must be between 0 and 10%")
        }
        guard (0...1_000).contains(channelFeeBasisPoints) else {
            throw refuse("channel_fee_basis_points", "渠道费率须在0–10%之间", "the channel's rate must be between 0 and 10%")
        }
        if let multiple = customTopUpMultiple, !multiple.isPositive {
            throw refuse("custom_top_up_multiple", "整数倍须大于零", "the multiple must be positive")
        }
        guard peakHours.count <= Allowed.listLength.upperBound, peakHours.allSatisfy({ (0..<24).contains($0) }),
            Allowed.minutesInADay.contains(customArrivalMinutes.lowerBound),
            Allowed.minutesInADay.contains(customArrivalMinutes.upperBound),
            Allowed.minutesInADay.contains(peakExtraArrivalMinutes), Allowed.unpaidOrderExpiryMinutes.contains(unpaidOrderExpiryMinutes)
        else {
            throw refuse("arrival", "高峰时段为0–23点，分钟数在0–1440之间", "peak hours are 0–23 and minutes are 0–1440")
        }
        guard autoTopUpThreshold.isPositive, autoTopUpAmount.isPositive,
            autoTopUpAmount <= singleTopUpLimit, (1...28).contains(autoTopUpRefundDeadlineDay),
            (1...12).contains(autoTopUpRenewalMonth), autoTopUpThreshold <= autoTopUpMaxThreshold,
            autoTopUpAmount <= autoTopUpMaxAmount,
            Allowed.listLength.contains(autoTopUpRetryMinutes.count),
            autoTopUpRetryMinutes.allSatisfy({ Allowed.autoTopUpRetryMinutes.contains($0) }),
            Allowed.autoTopUpMaxFailures.contains(autoTopUpMaxFailures)
        else {
            throw refuse(
                "auto_top_up", "自动充值金额（不超过单笔限额与可选上限）、退款截止日（1–28）、续签月份（1–12）、重试间隔（1–10080分钟）或失败次数（1–20）无效",
                "auto top-up amount (within the single limit and the choosable maximum), refund day (1–28), renewal month (1–12), retry waits (1–10080 minutes) or failures (1–20) is invalid"
            )
        }
        guard staffNumberDigits.lowerBound >= 4, staffNumberDigits.upperBound <= 20,
            Allowed.passwordAttemptsBeforeLock.contains(passwordAttemptsBeforeLock),
            Allowed.passwordLockMinutes.contains(passwordLockMinutes),
            Allowed.freezeMonthsAfterLeaving.contains(freezeMonthsAfterLeaving),
            freezeNoticeDaysBefore.count <= Allowed.listLength.upperBound,
            freezeNoticeDaysBefore.allSatisfy({ Allowed.freezeNoticeDays.contains($0) })
        else {
            throw refuse("binding", "学工号位数、锁定次数或冻结期限无效", "staff number digits, lock attempts or freeze period is invalid")
        }
        guard (1...200).contains(serviceCenterHours.count),
            !serviceCenterHours.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw refuse(
                "service_center_hours", "服务中心地点和时间应为1–200个字，不含控制字符",
                "the service center's place and hours are 1–200 characters, without control characters")
        }
        try signOn?.validate()
    }
}
