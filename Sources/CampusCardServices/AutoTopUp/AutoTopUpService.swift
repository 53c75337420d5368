import CampusCardCore
import CampusCardStore
import Foundation

/// A cardholder's auto top-up (自动代扣): opening it with a bank card through the bank's own
/// verification (UnionPay's token opening without leaving our page), signing it with the payment
/// password and a fresh face, then pausing, resuming, changing or cancelling it at will, and
/// refunding a debit inside its window. Pages and the JSON API both call these.
public struct AutoTopUpService: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    /// Everything the auto top-up page shows.
    public struct Overview: Sendable {
        /// The current agreement, or the latest one (an expired one says so); nil: never opened.
        public var agreement: AutoTopUpAgreement?
        public var debits: [DebitLine]
        public var refunds: [AutoTopUpRefunds.Refund]
        public var changes: [AutoTopUpChange]
        public var settings: SchoolSettings
        public var timeZone: TimeZone
        /// Whether the bank side is reachable at all.
        public var offered: Bool

        /// A refund of `debit` is asked or done.
        public func refunded(_ debit: AutoTopUpDebits.Debit) -> Bool {
            refunds.contains { $0.orderNo == debit.orderNo && $0.status != .failed }
        }
    }

    /// A debit with its refund window, as the page lists it.
    public struct DebitLine: Sendable {
        public var debit: AutoTopUpDebits.Debit
        /// The window's last day (school local), for debits that reached the card.
        public var refundLastDay: LocalDate?
        /// A refund may be asked now: credited, inside the window, not refunded.
        public var refundable: Bool
    }

    public func overview(cardholderID: Int64, school: SchoolRecord) async throws -> Overview {
        let agreements = AutoTopUpAgreements(context.store)
        let agreement = try await agreements.latest(of: cardholderID)
        let terms = AutoTopUpTerms(settings: school.settings, timeZone: school.timeZone)
        let orders = TopUpOrders(context.store)
        var lines: [DebitLine] = []
        for debit in try await AutoTopUpDebits(context.store).debits(ofCardholder: cardholderID) {
            var order: TopUpOrder?
            if debit.status == .succeeded { order = try await orders.order(number: debit.orderNo) }
            let lastDay = order.map { terms.refundLastDay(debitedOn: $0.localDay) }
            let refundable =
                order.map { $0.status == .credited && $0.refunded == .zero && terms.refundable(debitedOn: $0.localDay, at: context.now) }
                ?? false
            lines.append(DebitLine(debit: debit, refundLastDay: lastDay, refundable: refundable))
        }
        var changes: [AutoTopUpChange] = []
        if let agreement { changes = try await agreements.changes(of: agreement.id) }
        return Overview(
            agreement: agreement, debits: lines, refunds: try await AutoTopUpRefunds(context.store).refunds(ofCardholder: cardholderID),
            changes: changes, settings: school.settings, timeZone: school.timeZone, offered: context.autoDebit != nil)
    }

    /// The card and holder as typed on the opening form.
    public struct OpeningForm: Sendable, Codable {
        public var cardNumber: String
        public var holderName: String
        public var idNumber: String
        public var phone: String

        public init(cardNumber: String, holderName: String, idNumber: String, phone: String) {
            (self.cardNumber, self.holderName, self.idNumber, self.phone) = (cardNumber, holderName, idNumber, phone)
        }

        /// Checked before anything reaches the bank; the ID number is never echoed back.
        func checked() throws -> OpeningForm {
            let card = cardNumber.filter { $0 != " " }
            guard (12...19).contains(card.count), card.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw CardError.invalidField("card_number", zh: "银行卡号应为12–19位数字", en: "the bank card number is 12–19 digits")
            }
            let name = holderName.trimmingCharacters(in: .whitespaces)
            guard (1...40).contains(name.count), !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw CardError.invalidField("holder_name", zh: "请填写持卡人姓名", en: "give the cardholder's name")
            }
            _ = try NationalID(idNumber)
            guard phone.count == 11, phone.hasPrefix("1"), phone.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw CardError.invalidField("phone", zh: "手机号应为11位数字", en: "the phone number is 11 digits")
            }
            return OpeningForm(cardNumber: card, holderName: name, idNumber: idNumber.uppercased(), phone: phone)
        }
    }

    /// What waits, sealed, between the bank's SMS and the code: the bank names the opening by its
    /// number and the time it was first sent.
    struct PendingOpening: Codable {
        var form: OpeningForm
        var startedAtMs: Int64
    }

    /// How long the bank's SMS code (and so the sealed opening) lives.
    static let openingLifetime: TimeInterval = 10 * 60

    /// Step 1: the bank verifies the card and sends its SMS code. Answers our opening number
    /// (the page carries it to step 2) and the phone as the bank masks it.
    public func beginOpening(_ form: OpeningForm, cardholderID: Int64) async throws -> (openingNo: String, maskedPhone: String) {
        let channel = try context.autoDebitChannel()
        let form = try form.checked()
        let openingNo = "K\(context.now.epochMilliseconds)\(UInt32.random(in: 0...UInt32.max) % 100_000_000)"
        let opening = AutoDebitOpening(
            openingNo: openingNo, cardNumber: form.cardNumber, holderName: form.holderName, idNumber: form.idNumber, phone: form.phone,
            startedAt: context.now)
        switch try await channel.beginOpening(opening, at: context.now) {
        case .refused(_, let reason):
            throw Self.refusal(reason)
        case .smsSent(let maskedPhone):
            let pending = PendingOpening(form: form, startedAtMs: context.now.epochMilliseconds)
            let sealed = try context.masterKey.secretBox.seal(String(decoding: try JSONEncoder().encode(pending), as: UTF8.self))
            try await AutoTopUpOpenings(context.store).save(
                openingNo: openingNo, cardholderID: cardholderID, sealed: sealed,
                expiresAt: context.now.addingTimeInterval(Self.openingLifetime))
            return (openingNo, maskedPhone)
        }
    }

    /// Step 2: the SMS code to the bank, which answers with the token: an agreement waiting to be signed.
    public func completeOpening(openingNo: String, code: String, cardholderID: Int64, purse: LedgerAccount, school: SchoolRecord)
        async throws -> AutoTopUpAgreement
    {
        let channel = try context.autoDebitChannel()
        guard (4...8).contains(code.count), code.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw CardError.invalidField("sms_code", zh: "请输入银行短信验证码", en: "enter the bank's SMS code")
        }
        let pending = try await pendingOpening(openingNo, cardholderID: cardholderID)
        let form = pending.form
        let opening = AutoDebitOpening(
            openingNo: openingNo, cardNumber: form.cardNumber, holderName: form.holderName, idNumber: form.idNumber, phone: form.phone,
            startedAt: Date(epochMilliseconds: pending.startedAtMs))
        let token: AutoDebitToken
        do {
            token = try await channel.completeOpening(opening, verificationCode: code, at: context.now)
        } catch let refused as AutoDebitRefused {
            throw Self.refusal(refused.reason)
        }
        try await AutoTopUpOpenings(context.store).delete(openingNo: openingNo)
        return try await AutoTopUpAgreements(context.store).open(
            schoolID: school.id, cardholderID: cardholderID, purse: purse, token: token.token, cardLastFour: token.cardLastFour,
            defaults: (school.settings.autoTopUpThreshold, school.settings.autoTopUpAmount), actor: Self.cardholderActor(cardholderID),
            at: context.now)
    }

    /// A new SMS code for an opening still waiting (the code was wrong, or never came): the card
    /// and holder kept sealed go to the bank again as a new opening, with an order number of its
    /// own, so the cardholder types nothing twice. The old opening ends.
    public func resendCode(openingNo: String, cardholderID: Int64) async throws -> (openingNo: String, maskedPhone: String) {
        let pending = try await pendingOpening(openingNo, cardholderID: cardholderID)
        let next = try await beginOpening(pending.form, cardholderID: cardholderID)
        try await AutoTopUpOpenings(context.store).delete(openingNo: openingNo)
        return next
    }

    private func pendingOpening(_ openingNo: String, cardholderID: Int64) async throws -> PendingOpening {
        guard openingNo.count <= 40,
            let sealed = try await AutoTopUpOpenings(context.store).sealed(
                openingNo: openingNo, cardholderID: cardholderID, at: context.now),
            let pending = try? JSONDecoder().decode(PendingOpening.self, from: Data(try context.masterKey.secretBox.open(sealed).utf8))
        else {
            throw CardError.invalidField("opening", zh: "验证码已过期，请重新填写银行卡信息", en: "the code has expired; enter the bank card again")
        }
        return pending
    }

    /// Step 3: threshold and amount within the school's bounds, signed with the payment password
    /// and a fresh face (`AutoTopUpSigning`): active until the next renewal month.
    public func sign(
        _ binding: BindingRecord, session: CardholderSession, threshold: String, amount: String, paymentPassword: String,
        faceCertification: String,
        school: SchoolRecord
    ) async throws -> AutoTopUpAgreement {
        let agreement = try await current(binding.cardholderID)
        let (threshold, amount) = try Self.amounts(threshold, amount, school: school)
        try await AutoTopUpSigning(context).confirm(
            binding, session: session, paymentPassword: paymentPassword, faceCertification: faceCertification)
        let terms = AutoTopUpTerms(settings: school.settings, timeZone: school.timeZone)
        return try await AutoTopUpAgreements(context.store).sign(
            agreement.id, threshold: threshold, amount: amount, expiresAt: terms.expiry(signedAt: context.now),
            actor: Self.cardholderActor(binding.cardholderID), at: context.now)
    }

    public func pause(cardholderID: Int64) async throws -> AutoTopUpAgreement {
        try await AutoTopUpAgreements(context.store).pause(
            try await current(cardholderID).id, actor: Self.cardholderActor(cardholderID), reason: "by the cardholder", at: context.now)
    }

    public func resume(cardholderID: Int64) async throws -> AutoTopUpAgreement {
        let agreement = try await current(cardholderID)
        guard !agreement.isExpired(at: context.now) else { throw AutoTopUpAgreements.stateRefusal("expired") }
        return try await AutoTopUpAgreements(context.store).resume(agreement.id, actor: Self.cardholderActor(cardholderID), at: context.now)
    }

    public func change(cardholderID: Int64, threshold: String, amount: String, school: SchoolRecord) async throws -> AutoTopUpAgreement {
        let (threshold, amount) = try Self.amounts(threshold, amount, school: school)
        return try await AutoTopUpAgreements(context.store).change(
            try await current(cardholderID).id, threshold: threshold, amount: amount, actor: Self.cardholderActor(cardholderID),
            at: context.now)
    }

    /// Cancelled here first (nothing more is debited), then the bank's token is ended.
    public func cancel(cardholderID: Int64) async throws -> AutoTopUpAgreement {
        let agreement = try await AutoTopUpAgreements(context.store).cancel(
            try await current(cardholderID).id, actor: Self.cardholderActor(cardholderID), at: context.now)
        do {
            try await context.autoDebit?.deleteToken(agreement.token, at: context.now)
        } catch {
            context.logger.warning("bank token not deleted", metadata: ["agreement": "\(agreement.id)", "reason": "\(error)"])
        }
        return agreement
    }

    /// A refund of one of the cardholder's auto-debits, asked from the phone or at the service
    /// center (`requestedBy` says who): the money leaves the purse at once and goes back to the
    /// bank card by UnionPay's refund, tracked to the bank's answer.
    public func refund(orderNo: String, cardholderID: Int64, requestedBy: String, school: SchoolRecord) async throws
        -> AutoTopUpRefunds.Refund
    {
        let channel = try context.autoDebitChannel()
        guard orderNo.utf8.count <= 64 else { throw CardError.refundOrderUnknown(String(orderNo.prefix(64))) }
        let refunds = AutoTopUpRefunds(context.store)
        let (refund, order) = try await refunds.request(
            orderNo: orderNo, cardholderID: cardholderID, requestedBy: requestedBy,
            terms: AutoTopUpTerms(settings: school.settings, timeZone: school.timeZone), at: context.now)
        do {
            let outcome = try await channel.refund(
                AutoDebitRefund(
                    refundNo: refund.refundNo, debitOrderNo: order.orderNo, debitChannelTradeNo: order.channelTradeNo ?? "",
                    amount: refund.amount, requestedAt: refund.at),
                at: context.now)
            try await AutoDebitSettlement(context).refund(refundNo: refund.refundNo, outcome: outcome)
        } catch {
            context.logger.warning(
                "auto-debit refund unanswered; asking later", metadata: ["refund": "\(refund.refundNo)", "reason": "\(error)"])
        }
        return try await refunds.refund(number: refund.refundNo) ?? refund
    }

    private func current(_ cardholderID: Int64) async throws -> AutoTopUpAgreement {
        guard let agreement = try await AutoTopUpAgreements(context.store).current(of: cardholderID) else { throw CardError.autoTopUpNone }
        return agreement
    }

    /// A threshold and amount as typed (yuan), within the school's bounds.
    public static func amounts(_ threshold: String, _ amount: String, school: SchoolRecord) throws -> (Money, Money) {
        guard let threshold = Money(yuanString: threshold) else { throw CardError.invalidAmount(String(threshold.prefix(32))) }
        guard let amount = Money(yuanString: amount) else { throw CardError.invalidAmount(String(amount.prefix(32))) }
        try AutoTopUpTerms(settings: school.settings, timeZone: school.timeZone).check(threshold: threshold, amount: amount)
        return (threshold, amount)
    }

    public static func cardholderActor(_ cardholderID: Int64) -> String { "cardholder:\(cardholderID)" }

    /// The bank's refusal to open, as the cardholder is told it.
    static func refusal(_ reason: AutoDebitReason) -> CardError {
        switch reason {
        case .insufficientFunds: CardError(.bankInsufficientFunds, zh: "银行卡余额不足。", en: "The bank card has insufficient funds.")
        case .cardBlocked: CardError(.bankBlocked, zh: "银行卡已冻结或挂失，请联系发卡行。", en: "The bank card is blocked; contact your bank.")
        case .onlinePaymentDisabled:
            CardError(
                .bankOnlinePaymentDisabled, zh: "银行卡未开通在线支付，请联系发卡行开通。", en: "Online payment is not enabled for this card; ask your bank.")
        case .overBankLimit: CardError(.bankLimitExceeded, zh: "超过银行卡支付限额。", en: "Over the bank card's payment limit.")
        default:
            CardError(.infoMismatch, zh: "银行卡信息验证未通过：\(reason.zh)。", en: "The bank did not verify the card: \(reason.en).")
        }
    }
}
