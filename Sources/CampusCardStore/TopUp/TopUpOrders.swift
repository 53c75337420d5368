import CampusCardCore
import Foundation
import SQLKit

/// Top-up orders and the daily limit they hold. The limit is reserved when an order is created,
/// by one conditional update of the cardholder's row for the day (so two concurrent orders
/// cannot pass it), and released when the order closes or fails; a payment is credited once,
/// by the order's own conditional update and the ledger's idempotency key.
public struct TopUpOrders: Sendable {
    let db: StoreDatabase

    public init(_ db: StoreDatabase) {
        self.db = db
    }

    public struct Request: Sendable {
        public var school: SchoolRecord
        public var cardholderID: Int64
        public var purse: LedgerAccount
        public var provider: PaymentProvider
        public var quote: TopUpQuote
        /// The cardholder page's id for this request: a retry gets the same order.
        public var requestKey: String

        public init(
            school: SchoolRecord, cardholderID: Int64, purse: LedgerAccount, provider: PaymentProvider, quote: TopUpQuote,
            requestKey: String
        ) {
            (self.school, self.cardholderID, self.purse, self.provider, self.quote, self.requestKey) = (
                school, cardholderID, purse, provider, quote, requestKey
            )
        }
    }

    /// A new order with its share of today's limit reserved, or the order this request made before.
    public func create(_ request: Request, at: Date) async throws -> TopUpOrder {
        let day = LocalDate(at, in: request.school.timeZone)
        let limit = request.school.settings.dailyTopUpLimit
        let quote = request.quote
        return try await db.transaction { sql in
            if let earlier = try await Self.order(cardholderID: request.cardholderID, requestKey: request.requestKey, on: sql) {
                guard earlier.amount == quote.amount, earlier.kind == quote.kind, earlier.provider == request.provider else {
                    throw CardError.idempotencyConflict
                }
                return earlier
            }
            try await Self.ensureTakesTopUps(request.purse, on: sql)
            try await sql.raw(
                """
                INSERT INTO topup_day_usage (cardholder_id, local_day, reserved) VALUES (\(bind: request.cardholderID), \(bind: day.description), 0)
                ON CONFLICT (cardholder_id, local_day) DO NOTHING
                """
            ).run()
            let reserved = try await sql.raw(
                """
                UPDATE topup_day_usage SET reserved = reserved + \(bind: quote.amount.fen)
                WHERE cardholder_id = \(bind: request.cardholderID) AND local_day = \(bind: day.description) AND reserved + \(bind: quote.amount.fen) <= \(bind: limit.fen)
                RETURNING reserved
                """
            ).first()
            guard reserved != nil else {
                let used =
                    try await sql.raw(
                        "SELECT reserved FROM topup_day_usage WHERE cardholder_id = \(bind: request.cardholderID) AND local_day = \(bind: day.description)"
                    ).first(decodingColumn: "reserved", as: Int64.self) ?? 0
                throw CardError.topUpDailyLimit(
                    limit: limit, left: Money(fen: max(0, limit.fen - used)),
                    resetsAt: day.addingDays(1).start(in: request.school.timeZone),
                    timeZone: request.school.timeZone)
            }
            let expires = at.addingTimeInterval(TimeInterval(request.school.settings.unpaidOrderExpiryMinutes * 60))
            return try await sql.raw(
                """
                INSERT INTO topup_orders (order_no, school_id, cardholder_id, purse_account_id, provider, kind, amount, fee, payable, status,
                    request_key, local_day, created_at_ms, expires_at_ms, updated_at_ms)
                VALUES (\(bind: Self.newOrderNumber(at)), \(bind: request.school.id), \(bind: request.cardholderID), \(bind: request.purse.id),
                    \(bind: request.provider.rawValue), \(bind: quote.kind.rawValue), \(bind: quote.amount.fen), \(bind: quote.fee.fen),
                    \(bind: quote.payable.fen), \(bind: TopUpOrderStatus.created.rawValue), \(bind: request.requestKey), \(bind: day.description),
                    \(bind: at.epochMilliseconds), \(bind: expires.epochMilliseconds), \(bind: at.epochMilliseconds))
                RETURNING \(TopUpOrder.columns)
                """
            ).first().map(TopUpOrder.init(row:)) ?? { throw CardError.internalError }()
        }
    }

    public func order(number: String) async throws -> TopUpOrder? {
        try await db.sql.raw("SELECT \(TopUpOrder.columns) FROM topup_orders WHERE order_no = \(bind: number)").first().map(
            TopUpOrder.init(row:))
    }

    /// The order a cardholder's request made, if it made one.
    public func order(cardholderID: Int64, requestKey: String) async throws -> TopUpOrder? {
        try await Self.order(cardholderID: cardholderID, requestKey: requestKey, on: db.sql)
    }

    /// A cardholder's orders, newest first.
    public func orders(of cardholderID: Int64, limit: Int = 20) async throws -> [TopUpOrder] {
        try await db.sql.raw(
            """
            SELECT \(TopUpOrder.columns) FROM topup_orders WHERE cardholder_id = \(bind: cardholderID) ORDER BY id DESC LIMIT \(unsafeRaw: String(limit))
            """
        ).all().map(TopUpOrder.init(row:))
    }

    /// The channel took the payment request (its own trade number, if it gave one).
    public func awaitingPayment(_ order: TopUpOrder, channelTradeNo: String?, cashier: [String: String], at: Date) async throws {
        let cashier = String(decoding: try JSONEncoder().encode(cashier), as: UTF8.self)
        try await db.sql.raw(
            """
            UPDATE topup_orders SET status = \(bind: TopUpOrderStatus.awaitingPayment.rawValue), channel_trade_no = \(bind: channelTradeNo),
                cashier = \(bind: cashier), updated_at_ms = \(bind: at.epochMilliseconds)
            WHERE id = \(bind: order.id) AND status = \(bind: TopUpOrderStatus.created.rawValue)
            """
        ).run()
    }

    /// The channel refused it (or could not be reached): the order fails with the reason and
    /// gives back its share of the limit.
    /// False when the order no longer waits (paid, credited or ended before).
    @discardableResult
    public func fail(_ order: TopUpOrder, reason: String, at: Date) async throws -> Bool {
        try await end(order, as: .failed, reason: reason, at: at)
    }

    /// Unpaid orders past their expiry, oldest first: to be closed at the channel, then here.
    /// Orders whose channel failed to answer lately wait for their next try (`queryFailed`).
    /// Auto-debits never expire: the bank's "processing" is asked again until it answers
    /// (`AutoDebitWorker`), as are their late notifications.
    public func expired(at: Date, limit: Int = 200) async throws -> [TopUpOrder] {
        try await db.sql.raw(
            """
            SELECT \(TopUpOrder.columns) FROM topup_orders
            WHERE status IN ('created', 'awaiting_payment') AND kind <> 'auto' AND expires_at_ms <= \(bind: at.epochMilliseconds)
                AND (next_query_at_ms IS NULL OR next_query_at_ms <= \(bind: at.epochMilliseconds))
            ORDER BY id LIMIT \(unsafeRaw: String(limit))
            """
        ).all().map(TopUpOrder.init(row:))
    }

    /// Orders still waiting for their notification since before `before`: to be asked about
    /// (those whose channel failed to answer lately, once their next try is due at `now`).
    public func awaitingPayment(since before: Date, now: Date, limit: Int = 200) async throws -> [TopUpOrder] {
        try await db.sql.raw(
            """
            SELECT \(TopUpOrder.columns) FROM topup_orders
            WHERE status = 'awaiting_payment' AND kind <> 'auto' AND created_at_ms <= \(bind: before.epochMilliseconds)
                AND (next_query_at_ms IS NULL OR next_query_at_ms <= \(bind: now.epochMilliseconds))
            ORDER BY id LIMIT \(unsafeRaw: String(limit))
            """
        ).all().map(TopUpOrder.init(row:))
    }

    /// The channel could not answer about `order`: it is asked again after a wait that doubles
    /// with each failure in a row (30 s, 1 min, 2 min … at most `longestWait`). Returns the wait.
    @discardableResult
    public func queryFailed(_ order: TopUpOrder, at: Date, longestWait: TimeInterval = 3600) async throws -> TimeInterval {
        try await db.transaction { sql in
            let failures =
                try await sql.raw(
                    "UPDATE topup_orders SET query_failures = query_failures + 1 WHERE id = \(bind: order.id) RETURNING query_failures"
                ).first(decodingColumn: "query_failures", as: Int64.self) ?? 1
            let wait = min(longestWait, 30 * pow(2, Double(min(failures, 20) - 1)))
            try await sql.raw(
                """
                UPDATE topup_orders SET next_query_at_ms = \(bind: at.addingTimeInterval(wait).epochMilliseconds) WHERE id = \(bind: order.id)
                """
            ).run()
            return wait
        }
    }

    /// Takes the right to ask the channel about `order` now, for a cardholder refreshing it: at most
    /// once per `spacing` whoever refreshes, in any process (one conditional update), and never
    /// while the reconciler's backoff after a failed query runs. False: asked recently, or no
    /// longer waiting.
    public func claimQuery(_ order: TopUpOrder, at: Date, spacing: TimeInterval) async throws -> Bool {
        try await db.sql.raw(
            """
            UPDATE topup_orders SET next_query_at_ms = \(bind: at.addingTimeInterval(spacing).epochMilliseconds)
            WHERE id = \(bind: order.id) AND status = \(bind: TopUpOrderStatus.awaitingPayment.rawValue)
                AND (next_query_at_ms IS NULL OR next_query_at_ms <= \(bind: at.epochMilliseconds))
            RETURNING id
            """
        ).first() != nil
    }

    /// Closes an unpaid order and releases its limit; false if it was paid or closed meanwhile.
    @discardableResult
    public func close(_ order: TopUpOrder, reason: String, at: Date) async throws -> Bool {
        try await end(order, as: .closed, reason: reason, at: at)
    }

    /// Unpaid orders past their expiry, closed here alone (no channel to ask): their limit released.
    public func closeExpired(at: Date) async throws -> [TopUpOrder] {
        var closed: [TopUpOrder] = []
        for order in try await expired(at: at) where try await close(order, reason: "expired unpaid", at: at) {
            closed.append(order)
        }
        return closed
    }

    @discardableResult
    private func end(_ order: TopUpOrder, as status: TopUpOrderStatus, reason: String, at: Date) async throws -> Bool {
        try await db.transaction { sql in
            guard
                try await sql.raw(
                    """
                    UPDATE topup_orders SET status = \(bind: status.rawValue), failure_reason = \(bind: reason), updated_at_ms = \(bind: at.epochMilliseconds)
                    WHERE id = \(bind: order.id) AND status IN ('created', 'awaiting_payment') RETURNING id
                    """
                ).first() != nil
            else { return false }
            try await Self.adjustReservation(order, by: -order.amount.fen, on: sql)
            return true
        }
    }

    /// Money paid onto a lost or frozen card would be trapped there (a frozen graduate can only be
    /// paid out): such a purse takes no top-up. A replaced card's purse lives on with its new card.
    static func ensureTakesTopUps(_ purse: LedgerAccount, on sql: any SQLDatabase) async throws {
        guard
            let row = try await sql.raw(
                """
                SELECT a.status AS purse_status,
                    (SELECT c.status FROM cards c WHERE c.purse_account_id = a.id AND c.status <> 'replaced' ORDER BY c.id DESC LIMIT 1) AS card_status
                FROM accounts a WHERE a.id = \(bind: purse.id) AND a.kind = 'purse'
                """
            ).first()
        else { throw CardError.ledgerInconsistent("purse \(purse.id)") }
        if try row.decode(column: "purse_status", as: String.self) == "frozen" { throw CardError.cardFrozen }
        if let card = try row.decode(column: "card_status", as: String?.self).flatMap(CardStatus.init(rawValue:)),
            let refusal = CardError.stopped(card)
        {
            throw refusal
        }
    }

    static func adjustReservation(_ order: TopUpOrder, by fen: Int64, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            UPDATE topup_day_usage SET reserved = reserved + \(bind: fen)
            WHERE cardholder_id = \(bind: order.cardholderID) AND local_day = \(bind: order.localDay.description)
            """
        ).run()
    }

    static func order(cardholderID: Int64, requestKey: String, on sql: any SQLDatabase) async throws -> TopUpOrder? {
        try await sql.raw(
            """
            SELECT \(TopUpOrder.columns) FROM topup_orders WHERE cardholder_id = \(bind: cardholderID) AND request_key = \(bind: requestKey)
            """
        ).first().map(TopUpOrder.init(row:))
    }

    /// "T" + milliseconds + 8 random characters: unique, and within WeChat's 6–32 [0-9A-Za-z].
    static func newOrderNumber(_ at: Date) -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return "T\(at.epochMilliseconds)" + String((0..<8).map { _ in alphabet.randomElement()! })
    }
}

extension TopUpOrders {
    /// What a cardholder's orders hold of the day's limit.
    public func reserved(cardholderID: Int64, on day: LocalDate) async throws -> Money {
        Money(
            fen: try await db.sql.raw(
                "SELECT reserved FROM topup_day_usage WHERE cardholder_id = \(bind: cardholderID) AND local_day = \(bind: day.description)"
            ).first(decodingColumn: "reserved", as: Int64.self) ?? 0)
    }
}

extension TopUpOrders {
    /// A school's orders with one provider on one local day, oldest first.
    public func orders(schoolID: Int64, provider: PaymentProvider, day: LocalDate) async throws -> [TopUpOrder] {
        try await db.sql.raw(
            """
            SELECT \(TopUpOrder.columns) FROM topup_orders
            WHERE school_id = \(bind: schoolID) AND provider = \(bind: provider.rawValue) AND local_day = \(bind: day.description) ORDER BY id
            """
        ).all().map(TopUpOrder.init(row:))
    }
}
