import CampusCardCore
import Foundation
import SQLKit

/// What a channel told us about a payment, once its signature was checked.
public struct PaymentNotice: Sendable, Equatable {
    public var provider: PaymentProvider
    public var orderNo: String
    public var channelTradeNo: String?
    /// What the cardholder paid, as the channel states it.
    public var paidTotal: Money

    public init(provider: PaymentProvider, orderNo: String, channelTradeNo: String?, paidTotal: Money) {
        (self.provider, self.orderNo, self.channelTradeNo, self.paidTotal) = (provider, orderNo, channelTradeNo, paidTotal)
    }
}

/// Why a genuine notice was not acted on; kept for the reconciliation report.
public enum PaymentNoticeRefusal: Error, Equatable, Sendable {
    case unknownOrder
    case wrongProvider
    case wrongAmount(expected: Money, paid: Money)
}

public enum CreditOutcome: Sendable, Equatable {
    case credited(TopUpOrder)
    /// A duplicate (a retry, a query after the notification): the first answer stands.
    case alreadyCredited(TopUpOrder)
    /// Paid, but the purse is frozen (a leaver's): recorded as paid for the service center.
    case heldForServiceCenter(TopUpOrder)

    /// How the notification log names it.
    var logged: ChannelNotificationLog.Outcome {
        switch self {
        case .credited: .credited
        case .alreadyCredited: .duplicate
        case .heldForServiceCenter: .held
        }
    }

    public var order: TopUpOrder {
        switch self {
        case .credited(let order), .alreadyCredited(let order), .heldForServiceCenter(let order): order
        }
    }
}

/// Credits a paid order exactly once, however often and in whatever order the channel says so:
/// the order's status changes by one conditional update and the ledger transfer carries the
/// order number as its idempotency key, both in one transaction.
public struct TopUpCrediting: Sendable {
    let db: StoreDatabase
    let batcher: CreditBatcher?

    /// A notice with its time and log detail, as a batch carries it.
    public struct Item: Sendable {
        var notice: PaymentNotice
        var at: Date
        var detail: String?
    }

    /// With a `batcher` (PostgreSQL), notices that arrive together share one statement and commit.
    public init(_ db: StoreDatabase, batcher: CreditBatcher? = nil) {
        self.db = db
        self.batcher = batcher
    }

    /// With `detail`, the notice and its outcome are logged (`ChannelNotificationLog`) in the
    /// same transaction as the credit.
    public func credit(_ notice: PaymentNotice, at: Date, logging detail: String? = nil) async throws -> CreditOutcome {
        let item = Item(notice: notice, at: at, detail: detail)
        if !db.isSQLite, let outcome = try await settledTogether(item) { return outcome }
        return try await creditInSteps(item)
    }

    private func settledTogether(_ item: Item) async throws -> CreditOutcome? {
        if let batcher { return try await batcher.submit(item).get() }
        return await creditTogether([item])[0]
    }

    /// Step by step in one transaction: every case, the rare ones included.
    func creditInSteps(_ item: Item) async throws -> CreditOutcome {
        try await db.transaction { sql in
            let outcome = try await Self.steps(item.notice, at: item.at, on: sql)
            if let detail = item.detail {
                try await ChannelNotificationLog(sql).record(
                    item.notice.provider, orderNo: item.notice.orderNo, outcome: outcome.logged, detail: detail, at: item.at)
            }
            return outcome
        }
    }

    private static func steps(_ notice: PaymentNotice, at: Date, on sql: any SQLDatabase) async throws -> CreditOutcome {
        guard
            let order = try await sql.raw("SELECT \(TopUpOrder.columns) FROM topup_orders WHERE order_no = \(bind: notice.orderNo)")
                .first().map(TopUpOrder.init(row:))
        else { throw PaymentNoticeRefusal.unknownOrder }
        guard order.provider == notice.provider else { throw PaymentNoticeRefusal.wrongProvider }
        guard order.payable == notice.paidTotal else {
            throw PaymentNoticeRefusal.wrongAmount(expected: order.payable, paid: notice.paidTotal)
        }
        // Claim the order; whoever finds it claimed already answers with what is recorded.
        guard
            try await sql.raw(
                """
                UPDATE topup_orders SET status = 'credited', channel_trade_no = COALESCE(\(bind: notice.channelTradeNo), channel_trade_no),
                    updated_at_ms = \(bind: at.epochMilliseconds)
                WHERE id = \(bind: order.id) AND status IN (\(binds: TopUpOrderStatus.creditable.map(\.rawValue))) RETURNING id
                """
            ).first() != nil
        else {
            let recorded = try await sql.raw("SELECT \(TopUpOrder.columns) FROM topup_orders WHERE id = \(bind: order.id)").first()
                .map(TopUpOrder.init(row:))
            return .alreadyCredited(recorded ?? order)
        }
        // A payment that came after the order closed is still the cardholder's money: it
        // takes its share of the day again, over the limit if need be.
        if !order.status.holdsLimit { try await TopUpOrders.adjustReservation(order, by: order.amount.fen, on: sql) }
        let schools = SchoolStore(sql)
        let clearing = try await schools.account(.clearing(notice.provider), of: order.schoolID)
        let ledger = LedgerStore(sql)
        let transfer: TransferReceipt
        do {
            transfer = try await ledger.post(
                TransferRequest(
                    kind: .topUp, from: clearing, to: order.purse, amount: order.amount,
                    key: IdempotencyKey(scope: "topup", key: order.orderNo), memo: Self.memo(provider: order.provider) + order.orderNo),
                schoolID: order.schoolID, at: at)
        } catch let error as CardError where error.code == .cardFrozen {
            try await sql.raw(
                """
                UPDATE topup_orders SET status = 'paid', failure_reason = 'purse frozen: the service center pays it out'
                WHERE id = \(bind: order.id)
                """
            ).run()
            return .heldForServiceCenter(try await Self.reload(order, on: sql))
        }
        if order.fee.isPositive {
            _ = try await ledger.post(
                TransferRequest(
                    kind: .fee, from: clearing, to: try await schools.account(.feeIncome, of: order.schoolID), amount: order.fee,
                    key: IdempotencyKey(scope: "topup-fee", key: order.orderNo), memo: Self.feeMemo + order.orderNo),
                schoolID: order.schoolID, at: at)
        }
        try await sql.raw("UPDATE topup_orders SET transfer_id = \(bind: transfer.transferID) WHERE id = \(bind: order.id)").run()
        return .credited(try await Self.reload(order, on: sql))
    }

    /// A top-up transfer's memo, before its order number.
    static func memo(provider: PaymentProvider) -> String { "\(provider.chineseName)充值 " }

    /// A top-up fee transfer's memo, before its order number.
    static let feeMemo = "充值手续费 "

    private static func reload(_ order: TopUpOrder, on sql: any SQLDatabase) async throws -> TopUpOrder {
        try await sql.raw("SELECT \(TopUpOrder.columns) FROM topup_orders WHERE id = \(bind: order.id)").first().map(TopUpOrder.init(row:))
            ?? order
    }
}
