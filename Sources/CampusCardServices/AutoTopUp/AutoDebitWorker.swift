import CampusCardCore
import CampusCardStore
import Foundation

/// The upkeep's side of auto top-up, safe in any number of processes: starts the debits the purse
/// watch marked due (each claimed by one conditional update, so one process starts it), asks the
/// bank again about debits and refunds still processing (UnionPay's 03/04/05 are never taken as
/// closed), and sends the yearly renewal's reminder and expiry.
public struct AutoDebitWorker: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    /// A claimed agreement with no debit this long after its claim lost its process: due again.
    static let strandedAfter: TimeInterval = 10 * 60

    public func run() async throws {
        try await renewals()
        guard let channel = context.autoDebit else { return }
        let debits = AutoTopUpDebits(context.store)
        try await debits.releaseStranded(claimedBefore: context.now.addingTimeInterval(-Self.strandedAfter))
        for agreement in try await debits.due(at: context.now) {
            try await start(agreement, channel: channel)
        }
        try await askAgain(channel)
    }

    /// One due agreement's debit: claimed, ordered within the limits of every top-up, sent.
    func start(_ agreement: AutoTopUpAgreement, channel: any AutoDebitChannel) async throws {
        let now = context.now
        let school = try await AutoDebitSettlement.school(agreement.schoolID, context)
        let terms = AutoTopUpTerms(settings: school.settings, timeZone: school.timeZone)
        if agreement.isExpired(at: now) {
            try await expire(agreement, school: school, channel: channel)
            return
        }
        let debits = AutoTopUpDebits(context.store)
        guard try await debits.claim(agreement, at: now) else { return }
        let orders = TopUpOrders(context.store)
        let order: TopUpOrder
        do {
            let quote = try TopUpQuote(kind: .auto, amount: agreement.amount, settings: school.settings)
            order = try await orders.create(
                .init(
                    school: school, cardholderID: agreement.cardholderID, purse: agreement.purse, provider: .unionPay, quote: quote,
                    requestKey: "auto:\(agreement.id):\(now.epochMilliseconds)"),
                at: now)
        } catch let refusal as CardError where Self.refusedBeforeBank(refusal) != nil {
            try await debits.refusedBeforeBank(agreement, reason: Self.refusedBeforeBank(refusal)!, terms: terms, at: now)
            return
        }
        try await debits.started(agreement, order: order, at: now)
        try await orders.awaitingPayment(order, channelTradeNo: nil, cashier: [:], at: now)
        let outcome: AutoDebitOutcome
        do {
            outcome = try await channel.debit(order, token: agreement.token, at: now)
        } catch {
            // Sent or not, the bank is asked about it later: never debited twice.
            context.logger.warning("auto-debit unanswered; asking later", metadata: ["order": "\(order.orderNo)", "reason": "\(error)"])
            return
        }
        try await AutoDebitSettlement(context).debit(order, outcome: outcome, logging: "auto-debit answer")
    }

    /// Our own rules that refuse a debit before the bank is asked.
    static func refusedBeforeBank(_ refusal: CardError) -> AutoDebitReason? {
        switch refusal.code {
        case .topUpSingleLimit, .topUpDailyLimit: .topUpLimit
        case .cardLost, .cardFrozen, .cardReplaced: .cardStopped
        default: nil
        }
    }

    /// Debits and refunds the bank has not answered finally: asked again. One the bank cannot
    /// answer about is logged and asked on the next pass; the others go on.
    func askAgain(_ channel: any AutoDebitChannel) async throws {
        let before = context.now.addingTimeInterval(-context.autoDebitQueryDelay)
        let settlement = AutoDebitSettlement(context)
        let orders = TopUpOrders(context.store)
        for debit in try await AutoTopUpDebits(context.store).processing(since: before) {
            await asking(about: debit.orderNo) {
                guard let order = try await orders.order(number: debit.orderNo) else { return }
                // Credited by a notification that came through another door: the debit follows it.
                let outcome: AutoDebitOutcome
                if order.status == .credited {
                    outcome = .succeeded(
                        PaymentNotice(provider: .unionPay, orderNo: order.orderNo, channelTradeNo: nil, paidTotal: order.payable))
                } else {
                    outcome = try await channel.query(order, at: context.now)
                }
                try await settlement.debit(order, outcome: outcome, logging: "by query")
            }
        }
        for refund in try await AutoTopUpRefunds(context.store).requested(since: before) {
            await asking(about: refund.refundNo) {
                guard let order = try await orders.order(number: refund.orderNo) else { return }
                guard let tradeNo = order.channelTradeNo else {
                    // UnionPay names the debit a refund is of by its own number: without it the
                    // refund cannot be asked about, and the card office settles it by hand.
                    context.logger.error(
                        "auto-debit refund of a debit without UnionPay's number", metadata: ["refund": "\(refund.refundNo)"])
                    return
                }
                let outcome = try await channel.queryRefund(
                    AutoDebitRefund(
                        refundNo: refund.refundNo, debitOrderNo: order.orderNo, debitChannelTradeNo: tradeNo, amount: refund.amount,
                        requestedAt: refund.at),
                    at: context.now)
                try await settlement.refund(refundNo: refund.refundNo, outcome: outcome)
            }
        }
    }

    private func asking(about number: String, _ exchange: () async throws -> Void) async {
        do {
            try await exchange()
        } catch {
            context.logger.warning("auto-debit query failed; asking again later", metadata: ["number": "\(number)", "reason": "\(error)"])
        }
    }

    /// The reminder in the month before expiry, and the expiry itself.
    func renewals() async throws {
        let agreements = AutoTopUpAgreements(context.store)
        var schools: [Int64: SchoolRecord] = [:]
        func school(_ id: Int64) async throws -> SchoolRecord {
            if let known = schools[id] { return known }
            let found = try await AutoDebitSettlement.school(id, context)
            schools[id] = found
            return found
        }
        // A reminder is due from the first of the month before expiry: never more than 32 days ahead.
        let due = try await agreements.renewalsDue(remindWithin: 32 * 86_400, at: context.now)
        for agreement in due.remind {
            let school = try await school(agreement.schoolID)
            let terms = AutoTopUpTerms(settings: school.settings, timeZone: school.timeZone)
            guard let expiry = agreement.expiresAt, terms.reminder(before: expiry) <= context.now else { continue }
            try await agreements.remind(agreement, timeZone: school.timeZone, at: context.now)
        }
        for agreement in due.expire {
            try await expire(agreement, school: try await school(agreement.schoolID), channel: context.autoDebit)
        }
    }

    private func expire(_ agreement: AutoTopUpAgreement, school: SchoolRecord, channel: (any AutoDebitChannel)?) async throws {
        guard try await AutoTopUpAgreements(context.store).expire(agreement.id, timeZone: school.timeZone, at: context.now) else { return }
        do {
            try await channel?.deleteToken(agreement.token, at: context.now)
        } catch {
            context.logger.warning("bank token not deleted", metadata: ["agreement": "\(agreement.id)", "reason": "\(error)"])
        }
    }
}
