import Foundation

/// The binding messages (SPEC "Binding"): each says what to do next, and none tells an anonymous
/// caller which of their answers was wrong.
extension CardError {
    public static let infoMismatch = CardError(
        .infoMismatch,
        zh: "信息不匹配。请核对学校、学工号、姓名和初始密码；仍不成功请携带校园卡到校园卡服务中心核实信息。",
        en: "The information does not match. Check the school, staff/student number, name and initial password; "
            + "if it still fails, bring your campus card to the service center to check your roster data.")

    public static func phoneAccessLocked(until: Date, timeZone: TimeZone) -> CardError {
        let text = localMinute(until, timeZone)
        return CardError(
            .phoneAccessLocked,
            zh: "密码错误次数过多，此卡的手机服务已锁定至 \(text)。届时可重试，或到校园卡服务中心解锁。",
            en:
                "Too many wrong passwords: phone access to this card is locked until \(text). Try again then, or ask the service center to unlock it.",
            details: ["locked_until": ISO8601DateFormatter().string(from: until), "locked_until_local": text])
    }

    public static let passportNotRegistered = CardError(
        .passportNotRegistered,
        zh: "您的护照号尚未登记。留学生请先携带护照到校园卡服务中心登记，登记后即可绑定。",
        en:
            "Your passport number is not registered yet. Bring your passport to the service center to register it; you can bind right after."
    )

    public static let paymentPasswordFormat = CardError(
        .paymentPasswordFormat,
        zh: "支付密码应为6位数字。",
        en: "The payment password is 6 digits.")

    public static func paymentPasswordWeak(_ weakness: PaymentPassword.Weakness) -> CardError {
        let (zh, en): (String, String) =
            switch weakness {
            case .repeated: ("不能使用6位相同数字", "it cannot be six equal digits")
            case .sequence: ("不能使用连续数字（如123456、654321）", "it cannot be a run such as 123456 or 654321")
            case .sameAsInitial: ("不能与初始密码相同", "it cannot be the initial password")
            }
        return CardError(
            .paymentPasswordWeak,
            zh: "支付密码过于简单：\(zh)。请另设一个，也不要使用银行卡密码。",
            en: "This payment password is too easy: \(en). Choose another, and do not reuse a bank card password.",
            details: ["reason": weakness.rawValue])
    }

    public static func paymentPasswordWrong(triesLeft: Int) -> CardError {
        CardError(
            .paymentPasswordWrong,
            zh: "支付密码错误，还可尝试\(triesLeft)次，之后手机服务将被锁定。",
            en: "Wrong payment password: \(triesLeft) tries left before phone access is locked.",
            details: ["tries_left": String(triesLeft)])
    }

    public static let faceVerificationInvalid = CardError(
        .faceVerificationInvalid,
        zh: "人脸识别结果无效或未通过，请重新进行人脸识别。",
        en: "The face verification result is not valid or did not pass. Verify your face again.")

    public static let faceVerificationStale = CardError(
        .faceVerificationStale,
        zh: "人脸识别结果已过期（5分钟内有效），请重新进行人脸识别。",
        en: "The face verification result has expired (valid for 5 minutes). Verify your face again.")

    public static let faceVerificationReplayed = CardError(
        .faceVerificationReplayed,
        zh: "该人脸识别结果已使用过，请重新进行人脸识别。",
        en: "This face verification result was already used. Verify your face again.")

    public static let faceVerificationUnavailable = CardError(
        .faceVerificationUnavailable,
        zh: "人脸识别服务暂不可用，请稍后再试。",
        en: "Face verification is not available right now. Try again later.")

    public static let channelLoginFailed = CardError(
        .channelLoginFailed,
        zh: "渠道登录未成功（授权码无效或已过期），请返回重新进入。",
        en: "Signing in through the channel failed (the authorization code is invalid or expired). Go back and enter again.")

    /// `onCard`: the card's own limit was reached (from any phone), else this channel account's.
    public static func tooManyAttempts(retryAfterSeconds: Int, onCard: Bool, limit: AttemptLimit, freeAt: Date) -> CardError {
        let minutes = max(1, (retryAfterSeconds + 59) / 60)
        let window = Int(limit.window / 60)
        let (whoZH, whoEN) = onCard ? ("此卡", "this card") : ("此账号", "this account")
        return CardError(
            .tooManyAttempts,
            zh: "\(whoZH)在\(window)分钟内已尝试\(limit.attempts)次，请\(minutes)分钟后再试；如确为本人，可到校园卡服务中心解锁。",
            en:
                "\(limit.attempts) attempts in \(window) minutes on \(whoEN): try again in \(minutes) minutes, or have the service center unlock it.",
            details: [
                "retry_after_seconds": String(retryAfterSeconds), "limit": onCard ? "card" : "account", "attempts": String(limit.attempts),
                "window_minutes": String(window), "retry_at": ISO8601DateFormatter().string(from: freeAt),
            ])
    }

    public static let channelIdentityBound = CardError(
        .channelIdentityBound,
        zh: "此账号在该学校已绑定一张校园卡。如需换绑，请先解除原绑定。",
        en: "This account already has a campus card of this school bound. Remove that binding first to bind another.")

    public static let cardBoundInChannel = CardError(
        .cardBoundInChannel,
        zh: "此校园卡已被该渠道的另一个账号绑定。如非本人操作，请立即到校园卡服务中心挂失并处理。",
        en:
            "This card is already bound to another account of this channel. If that was not you, report the card lost at the service center now."
    )

    public static let paymentCodeInvalid = CardError(
        .paymentCodeInvalid,
        zh: "付款码无效、已使用或已过期（1分钟有效），请在手机上刷新付款码后重新扫码。",
        en: "The payment code is unknown, used or expired (it lasts a minute). Refresh it on the phone and scan again.")

    public static let deviceNotVerified = CardError(
        .deviceNotVerified,
        zh: "这是一台新设备：请先验证支付密码并完成人脸识别，验证后即可使用。",
        en: "This is a new device: verify your payment password and your face first, then you can use it.")

    /// "2026-09-21 14:05" in the school's time zone: the cardholder's own clock.
    public static func localMinute(_ date: Date, _ timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }
}
