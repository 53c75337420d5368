import Foundation

/// Stored and exchanged as JSON with snake_case keys; money in fen. Missing keys keep defaults.
extension SchoolSettings: Codable {
    private enum Key: String, CodingKey {
        case quickTopUpPresetsFen = "quick_top_up_presets_fen"
        case quickTopUpFeeBasisPoints = "quick_top_up_fee_basis_points"
        case feePayer = "fee_payer"
        case channelFeeBasisPoints = "channel_fee_basis_points"
        case customTopUpMinimumFen = "custom_top_up_minimum_fen"
        case customTopUpMaximumFen = "custom_top_up_maximum_fen"
        case customTopUpMultipleFen = "custom_top_up_multiple_fen"
        case customArrivalMinutes = "custom_arrival_minutes"
        case peakHours = "peak_hours"
        case peakExtraArrivalMinutes = "peak_extra_arrival_minutes"
        case singleTopUpLimitFen = "single_top_up_limit_fen"
        case dailyTopUpLimitFen = "daily_top_up_limit_fen"
        case unpaidOrderExpiryMinutes = "unpaid_order_expiry_minutes"
        case autoTopUpThresholdFen = "auto_top_up_threshold_fen"
        case autoTopUpAmountFen = "auto_top_up_amount_fen"
        case autoTopUpRefundDeadlineDay = "auto_top_up_refund_deadline_day"
        case autoTopUpRenewalMonth = "auto_top_up_renewal_month"
        case autoTopUpRetryMinutes = "auto_top_up_retry_minutes"
        case autoTopUpMaxFailures = "auto_top_up_max_failures"
        case autoTopUpMaxThresholdFen = "auto_top_up_max_threshold_fen"
        case autoTopUpMaxAmountFen = "auto_top_up_max_amount_fen"
        case staffNumberDigits = "staff_number_digits"
        case passwordAttemptsBeforeLock = "password_attempts_before_lock"
        case passwordLockMinutes = "password_lock_minutes"
        case serviceCenterHours = "service_center_hours"
        case freezeMonthsAfterLeaving = "freeze_months_after_leaving"
        case freezeNoticeDaysBefore = "freeze_notice_days_before"
        case signOn = "sign_on"
    }

    /// A range travels as `[low, high]`.
    private struct Bounds: Codable {
        var low: Int, high: Int
        init(_ range: ClosedRange<Int>) { (low, high) = (range.lowerBound, range.upperBound) }
        init(from decoder: Decoder) throws {
            var c = try decoder.unkeyedContainer()
            (low, high) = (try c.decode(Int.self), try c.decode(Int.self))
            guard low <= high else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "low > high")
            }
        }
        func encode(to encoder: Encoder) throws {
            var c = encoder.unkeyedContainer()
            try c.encode(low)
            try c.encode(high)
        }
        var range: ClosedRange<Int> { low...high }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        self.init()
        func fen(_ key: Key) throws -> Money? { try c.decodeIfPresent(Int64.self, forKey: key).map(Money.init(fen:)) }
        if let v = try c.decodeIfPresent([Int64].self, forKey: .quickTopUpPresetsFen) { quickTopUpPresets = v.map(Money.init(fen:)) }
        if let v = try c.decodeIfPresent(Int64.self, forKey: .quickTopUpFeeBasisPoints) { quickTopUpFeeBasisPoints = v }
        if let v = try c.decodeIfPresent(FeePayer.self, forKey: .feePayer) { feePayer = v }
        if let v = try c.decodeIfPresent(Int64.self, forKey: .channelFeeBasisPoints) { channelFeeBasisPoints = v }
        if let v = try fen(.customTopUpMinimumFen) { customTopUpMinimum = v }
        if let v = try fen(.customTopUpMaximumFen) { customTopUpMaximum = v }
        if c.contains(.customTopUpMultipleFen) { customTopUpMultiple = try fen(.customTopUpMultipleFen) }
        if let v = try c.decodeIfPresent(Bounds.self, forKey: .customArrivalMinutes) { customArrivalMinutes = v.range }
        if let v = try c.decodeIfPresent([Int].self, forKey: .peakHours) { peakHours = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .peakExtraArrivalMinutes) { peakExtraArrivalMinutes = v }
        if let v = try fen(.singleTopUpLimitFen) { singleTopUpLimit = v }
        if let v = try fen(.dailyTopUpLimitFen) { dailyTopUpLimit = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .unpaidOrderExpiryMinutes) { unpaidOrderExpiryMinutes = v }
        if let v = try fen(.autoTopUpThresholdFen) { autoTopUpThreshold = v }
        if let v = try fen(.autoTopUpAmountFen) { autoTopUpAmount = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .autoTopUpRefundDeadlineDay) { autoTopUpRefundDeadlineDay = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .autoTopUpRenewalMonth) { autoTopUpRenewalMonth = v }
        if let v = try c.decodeIfPresent([Int].self, forKey: .autoTopUpRetryMinutes) { autoTopUpRetryMinutes = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .autoTopUpMaxFailures) { autoTopUpMaxFailures = v }
        if let v = try fen(.autoTopUpMaxThresholdFen) { autoTopUpMaxThreshold = v }
        if let v = try fen(.autoTopUpMaxAmountFen) { autoTopUpMaxAmount = v }
        if let v = try c.decodeIfPresent(Bounds.self, forKey: .staffNumberDigits) { staffNumberDigits = v.range }
        if let v = try c.decodeIfPresent(Int.self, forKey: .passwordAttemptsBeforeLock) { passwordAttemptsBeforeLock = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .passwordLockMinutes) { passwordLockMinutes = v }
        if let v = try c.decodeIfPresent(String.self, forKey: .serviceCenterHours) { serviceCenterHours = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .freezeMonthsAfterLeaving) { freezeMonthsAfterLeaving = v }
        if let v = try c.decodeIfPresent([Int].self, forKey: .freezeNoticeDaysBefore) { freezeNoticeDaysBefore = v }
        if c.contains(.signOn) { signOn = try c.decodeIfPresent(SchoolSignOn.self, forKey: .signOn) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(quickTopUpPresets.map(\.fen), forKey: .quickTopUpPresetsFen)
        try c.encode(quickTopUpFeeBasisPoints, forKey: .quickTopUpFeeBasisPoints)
        try c.encode(feePayer, forKey: .feePayer)
        try c.encode(channelFeeBasisPoints, forKey: .channelFeeBasisPoints)
        try c.encode(customTopUpMinimum.fen, forKey: .customTopUpMinimumFen)
        try c.encode(customTopUpMaximum.fen, forKey: .customTopUpMaximumFen)
        try c.encode(customTopUpMultiple?.fen, forKey: .customTopUpMultipleFen)
        try c.encode(Bounds(customArrivalMinutes), forKey: .customArrivalMinutes)
        try c.encode(peakHours, forKey: .peakHours)
        try c.encode(peakExtraArrivalMinutes, forKey: .peakExtraArrivalMinutes)
        try c.encode(singleTopUpLimit.fen, forKey: .singleTopUpLimitFen)
        try c.encode(dailyTopUpLimit.fen, forKey: .dailyTopUpLimitFen)
        try c.encode(unpaidOrderExpiryMinutes, forKey: .unpaidOrderExpiryMinutes)
        try c.encode(autoTopUpThreshold.fen, forKey: .autoTopUpThresholdFen)
        try c.encode(autoTopUpAmount.fen, forKey: .autoTopUpAmountFen)
        try c.encode(autoTopUpRefundDeadlineDay, forKey: .autoTopUpRefundDeadlineDay)
        try c.encode(autoTopUpRenewalMonth, forKey: .autoTopUpRenewalMonth)
        try c.encode(autoTopUpRetryMinutes, forKey: .autoTopUpRetryMinutes)
        try c.encode(autoTopUpMaxFailures, forKey: .autoTopUpMaxFailures)
        try c.encode(autoTopUpMaxThreshold.fen, forKey: .autoTopUpMaxThresholdFen)
        try c.encode(autoTopUpMaxAmount.fen, forKey: .autoTopUpMaxAmountFen)
        try c.encode(Bounds(staffNumberDigits), forKey: .staffNumberDigits)
        try c.encode(passwordAttemptsBeforeLock, forKey: .passwordAttemptsBeforeLock)
        try c.encode(passwordLockMinutes, forKey: .passwordLockMinutes)
        try c.encode(serviceCenterHours, forKey: .serviceCenterHours)
        try c.encode(freezeMonthsAfterLeaving, forKey: .freezeMonthsAfterLeaving)
        try c.encode(freezeNoticeDaysBefore, forKey: .freezeNoticeDaysBefore)
        try c.encode(signOn, forKey: .signOn)
    }
}
