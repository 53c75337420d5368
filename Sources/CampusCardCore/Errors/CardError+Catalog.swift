import Foundation

/// Every message in one place, so the wording stays consistent and each carries a next step.
extension CardError {
    public static func malformedRequest(_ reason: String) -> CardError {
        CardError(
            .malformedRequest,
            zh: "请求格式不正确：\(reason)。请检查后重试。",
            en: "The request is malformed: \(reason). Check it and try again.",
            details: ["reason": reason])
    }

    public static func invalidField(_ field: String, zh: String, en: String) -> CardError {
        CardError(
            .invalidField, zh: "\(field)：\(zh)", en: "\(field): \(en)", details: ["field": field])
    }

    public static func invalidAmount(_ text: String) -> CardError {
        CardError(
            .invalidAmount,
            zh: "金额“\(text)”无效：请填写大于零、最多两位小数的金额（单位：元）。",
            en: "The amount “\(text)” is not valid: give a positive amount in yuan with at most two decimals.",
            details: ["amount": text])
    }

    public static let unauthorized = CardError(
        .unauthorized,
        zh: "尚未登录或登录已过期，请重新登录。",
        en: "You are not signed in, or your session has expired. Sign in again.")

    public static let formExpired = CardError(
        .formExpired,
        zh: "页面已过期，请返回刷新后重新提交。",
        en: "This page has expired: go back, reload it and submit again.")

    public static let forbidden = CardError(
        .forbidden,
        zh: "您没有执行此操作的权限。如需办理，请联系校园卡服务中心。",
        en: "You are not allowed to do this. Ask the campus card service center.")

    public static func notFound(_ what: String) -> CardError {
        CardError(
            .notFound,
            zh: "找不到\(what)，请核对后重试。",
            en: "No such \(what). Check it and try again.",
            details: ["what": what])
    }

    /// `zh`, `en`: what it is ("学校", "school").
    public static func alreadyExists(zh: String, en: String, name: String) -> CardError {
        CardError(
            .alreadyExists,
            zh: "\(zh)“\(name)”已存在，请换一个。",
            en: "A \(en) “\(name)” exists already: choose another.",
            details: ["what": en, "name": name])
    }

    public static let lastAdministrator = CardError(
        .lastAdministrator,
        zh: "这是本校最后一位管理员，不能停用或改为其他角色。请先添加另一位管理员。",
        en: "This is the school's last administrator: they cannot be disabled or given another role. Add another administrator first.")

    public static func methodNotAllowed(_ method: String, allowed: [String]) -> CardError {
        CardError(
            .methodNotAllowed,
            zh: "此地址不支持\(method)请求，请使用\(allowed.joined(separator: "、"))。",
            en: "\(method) is not supported here; use \(allowed.joined(separator: ", ")).",
            details: ["allow": allowed.joined(separator: ", ")])
    }

    public static func unknownSchool(_ code: String) -> CardError {
        CardError(
            .unknownSchool,
            zh: "找不到学校“\(code)”，请从列表中选择您的学校。",
            en: "There is no school “\(code)”. Choose your school from the list.",
            details: ["school": code])
    }

    public static func unknownCampus(_ code: String) -> CardError {
        CardError(
            .unknownCampus,
            zh: "该校没有校区“\(code)”，请从列表中选择您所在的校区。",
            en: "The school has no campus “\(code)”. Choose your campus from the list.",
            details: ["campus": code])
    }

    public static let unknownCard = CardError(
        .unknownCard,
        zh: "找不到这张校园卡，请核对卡号或到校园卡服务中心咨询。",
        en: "This campus card is unknown. Check the card number or ask the service center.")

    public static func staffNumberInvalid(digits: ClosedRange<Int>) -> CardError {
        CardError(
            .staffNumberInvalid,
            zh: "学工号应为\(digits.lowerBound)–\(digits.upperBound)位数字，请按学生证或工作证填写。",
            en: "A student or staff number has \(digits.lowerBound)–\(digits.upperBound) digits: copy it from your student or staff card.",
            details: ["min_digits": "\(digits.lowerBound)", "max_digits": "\(digits.upperBound)"])
    }

    public static let staffNumberIsPhoneNumber = CardError(
        .staffNumberIsPhoneNumber,
        zh: "这看起来是手机号。请填写学工号（学生证或工作证上的编号），不是手机号。",
        en: "This looks like a phone number. Enter your student or staff number (on your card), not your phone number.")

    public static let nameInvalid = CardError(
        .nameInvalid,
        zh: "姓名无效：请填写与学籍或人事档案一致的真实姓名。",
        en: "The name is not valid: give your real name exactly as on the school roster.")

    public static let nationalIDInvalid = CardError(
        .nationalIDInvalid,
        zh: "身份证号格式不正确（应为18位，最后一位可为X）。",
        en: "The national ID number is malformed (18 characters, the last may be X).")

    public static let passportInvalid = CardError(
        .passportInvalid,
        zh: "护照号格式不正确（5–20位字母或数字）。",
        en: "The passport number is malformed (5–20 letters or digits).")

    public static func rosterFileInvalid(_ zh: String, _ en: String) -> CardError {
        CardError(
            .rosterFileInvalid, zh: "名单文件无法导入：\(zh)。请修正后重新导入。", en: "The roster file cannot be imported: \(en). Fix it and import again.")
    }

    /// Another import of the school's roster is still being written: one at a time per school, so
    /// two files never race over the same cardholders.
    public static func rosterImportRunning(id: Int64) -> CardError {
        CardError(
            .rosterImportRunning,
            zh: "本校已有一份名单正在导入，请等它完成后再导入下一份。",
            en: "A roster import of this school is still running; wait for it to finish before importing the next file.",
            details: ["import_id": "\(id)"])
    }

    /// An upload past what the route takes (`maxBytes`); nothing of it was read.
    public static func fileTooLarge(maxBytes: Int) -> CardError {
        let megabytes = maxBytes / (1024 * 1024)
        return CardError(
            .fileTooLarge,
            zh: "文件太大，最大\(megabytes) MB。请把名单拆成几份分别导入。",
            en: "The file is too large: at most \(megabytes) MB. Split the roster into several files and import each.",
            details: ["max_bytes": "\(maxBytes)"])
    }

    public static func insufficientBalance(balance: Money, amount: Money) -> CardError {
        CardError(
            .insufficientBalance,
            zh: "余额不足：卡内余额\(balance.formatted)，本次需\(amount.formatted)。请先充值。",
            en: "Insufficient balance: \(balance.formatted) on the card, \(amount.formatted) needed. Top up first.",
            details: ["balance_fen": "\(balance.fen)", "amount_fen": "\(amount.fen)"])
    }

    public static let cardLost = CardError(
        .cardLost,
        zh: "此卡已挂失，不能使用。找回后请到校园卡服务中心解挂，或补办新卡。",
        en: "This card is reported lost and cannot be used. Unblock it or get a replacement at the service center.")

    public static let cardFrozen = CardError(
        .cardFrozen,
        zh: "此卡已冻结，不能使用。如有余额，请持证件到校园卡服务中心办理退款。",
        en: "This card is frozen and cannot be used. Any balance can be paid out at the service center.")

    public static let cardReplaced = CardError(
        .cardReplaced,
        zh: "此卡已补办新卡，旧卡作废，余额在新卡上。请使用新卡。",
        en: "This card was replaced and no longer works; the balance is on the new card. Use the new card.")

    public static let voidWindowClosed = CardError(
        .voidWindowClosed,
        zh: "只能撤销当天的消费。如需退款，请持卡到校园卡服务中心办理。",
        en: "Only a charge made today can be voided. For a refund, go to the card service center.")

    /// A terminal asked about a transaction id it never had charged here (or whose refusal is
    /// forgotten): nothing was charged under it, and a new charge with it may be sent.
    public static func unknownTransaction(_ transactionID: String) -> CardError {
        CardError(
            .unknownTransaction,
            zh: "没有以该流水号扣款的记录，本笔未扣款。如仍需收款，请重新发起。",
            en: "No charge was made under this transaction id. If the sale still stands, charge it again.",
            details: ["transaction_id": transactionID])
    }

    public static let idempotencyConflict = CardError(
        .idempotencyConflict,
        zh: "该流水号已用于另一笔不同的交易，本次请求未执行。请使用新的流水号。",
        en: "This transaction id was already used for a different transaction; nothing was done. Use a new id.")

    /// Every database connection stayed busy for the whole wait, or the transaction kept meeting
    /// others over the same rows (a deadlock, after its retries): nothing was done.
    public static let serviceBusy = CardError(
        .serviceBusy,
        zh: "系统繁忙，本次操作未生效，请稍后重试。",
        en: "The system is too busy right now; nothing was done. Try again in a moment.",
        details: ["retry_after_seconds": "5"])

    /// The database refused or dropped the connection (restarting, stopping, out of
    /// connections): the transaction under way was not committed.
    public static let databaseUnavailable = CardError(
        .databaseUnavailable,
        zh: "系统暂时无法连接账务数据库，本次操作未生效，请稍后重试。",
        en: "The card system cannot reach its database right now; nothing was done. Try again in a moment.",
        details: ["retry_after_seconds": "5"])

    /// A row the ledger needs is missing (an account, a card's school): the data is broken, not
    /// the request. Nothing was done; the server logs it for the operator.
    public static func ledgerInconsistent(_ what: String) -> CardError {
        CardError(
            .ledgerInconsistent,
            zh: "系统账务数据异常，本次操作未生效，已通知运维人员。请稍后重试或联系校园卡服务中心。",
            en:
                "The card system found its records inconsistent; nothing was done and the operators have been told. Try again later or ask the card service center.",
            details: ["what": what])
    }

    public static let internalError = CardError(
        .internalError,
        zh: "系统暂时出错，本次操作未生效。请稍后重试。",
        en: "Something went wrong on our side and nothing was changed. Try again shortly.")

    public static let requestReplayed = CardError(
        .requestReplayed,
        zh: "该请求已被处理过（重放），本次未执行。重试请生成新的随机数并重新签名。",
        en: "This exact request was already received (a replay); nothing was done. Retry with a new nonce and signature.")

    public static let signatureInvalid = CardError(
        .signatureInvalid,
        zh: "请求签名无效，本次未执行。请检查终端密钥与签名方法。",
        en: "The request signature is not valid; nothing was done. Check the terminal's key and signing.")

    public static func requestStale(maxSkewSeconds: Int) -> CardError {
        CardError(
            .requestStale,
            zh: "请求时间戳与服务器时间相差超过\(maxSkewSeconds)秒，本次未执行。请校准终端时钟后重试。",
            en:
                "The request's timestamp is more than \(maxSkewSeconds) s from the server's clock; nothing was done. Set the terminal's clock and retry.",
            details: ["max_skew_seconds": "\(maxSkewSeconds)"])
    }

    public static let unknownTerminal = CardError(
        .unknownTerminal,
        zh: "终端未登记或已停用。请联系校园卡服务中心。",
        en: "This terminal is not registered or has been disabled. Contact the card service center.")

    /// The terminal was disabled or re-keyed while its request was on the way in.
    public static let terminalChanged = CardError(
        .terminalChanged,
        zh: "终端登记信息刚刚变更，本次未执行。请重试。",
        en: "The terminal's registration changed while this request was handled; nothing was done. Retry.")
}

extension CardError {
    /// What the service center tried to do to a card.
    public enum CardAction: Sendable {
        case reportLost, markFound, replace

        var zh: String {
            switch self {
            case .reportLost: "挂失"
            case .markFound: "解挂"
            case .replace: "补卡"
            }
        }

        var en: String {
            switch self {
            case .reportLost: "reported lost"
            case .markFound: "marked found"
            case .replace: "replaced"
            }
        }
    }

    public static func cardStateConflict(_ status: CardStatus, cannot action: CardAction) -> CardError {
        CardError(
            .cardStateConflict,
            zh: "此卡当前状态为“\(status.chineseName)”，不能\(action.zh)。",
            en: "This card is \(status.rawValue), so it cannot be \(action.en).",
            details: ["status": status.rawValue])
    }

    public static let cardNumberTaken = CardError(
        .cardNumberTaken,
        zh: "新卡号已被使用，请换一张新卡。",
        en: "The new card number is already in use; issue another card.")
}

extension CardStatus {
    public var chineseName: String {
        switch self {
        case .active: "正常"
        case .lost: "已挂失"
        case .frozen: "已冻结"
        case .replaced: "已补卡作废"
        }
    }
}

extension CardError {
    /// Why a card in `status` cannot pay; nil for an active card.
    public static func stopped(_ status: CardStatus) -> CardError? {
        switch status {
        case .active: nil
        case .lost: .cardLost
        case .frozen: .cardFrozen
        case .replaced: .cardReplaced
        }
    }
}
