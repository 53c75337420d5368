import CampusCardCore
import Foundation
import SQLKit

/// The debits of auto top-up agreements. The purse watch marks an agreement due in the spend's
/// own statement; the upkeep then claims it here by one conditional update (of two processes,
/// one wins), and a debit is recorded under the unique index that lets an agreement have only
/// one with the bank. Each answer of the bank settles its debit once, by conditional updates.
public struct AutoTopUpDebits: Sendable {
    let db: StoreDatabase

    public init(_ db: StoreDatabase) {
        self.db = db
    }

    /// One debit as the cardholder and the card office see it.
    public struct Debit: Sendable, Equatable {
        public var agreementID: Int64
        public var orderNo: String
        public var cardholderID: Int64
        public var amount: Money
        public var status: Status
        public var bankCode: String?
        public var reason: AutoDebitReason?
        public var at: Date
        public var settledAt: Date?

        public enum Status: String, Sendable, Equatable {
            case processing
            case succeeded
            case failed
        }
    }

    /// Agreements whose debit is due at `now`, oldest first.
    public func due(at now: Date, limit: Int = 200) async throws -> [AutoTopUpAgreement] {
        try await db.sql.raw(
            """
            SELECT \(AutoTopUpAgreement.columns) FROM auto_topup_agreements
            WHERE debit_state = 'due' AND (next_attempt_at_ms IS NULL OR next_attempt_at_ms <= \(bind: now.epochMilliseconds))
            ORDER BY id LIMIT \(unsafeRaw: String(limit))
            """
        ).all().map(AutoTopUpAgreement.init(row:))
    }

    /// Takes a due agreement's debit: true for exactly one taker. An agreement no longer active
    /// (paused, cancelled, expired meanwhile) or whose purse is back at its threshold is not
    /// debited: it goes back to waiting (`armed` or `idle`) and false is answered.
    public func claim(_ agreement: AutoTopUpAgreement, at: Date) async throws -> Bool {
        try await db.transaction { sql in
            guard
                let row = try await sql.raw(
                    """
                    UPDATE auto_topup_agreements SET debit_state = CASE
                        WHEN status = 'active' AND \(AutoTopUpAgreements.balance) < threshold_fen THEN 'debiting'
                        WHEN status = 'active' THEN 'armed' ELSE 'idle' END, claimed_at_ms = \(bind: at.epochMilliseconds)
                    WHERE id = \(bind: agreement.id) AND debit_state = 'due' RETURNING debit_state
                    """
                ).first()
            else { return false }
            return try row.decode(column: "debit_state", as: String.self) == "debiting"
        }
    }

    /// Agreements claimed for a debit that never reached the bank (the process stopped between
    /// the claim and the order) are due again after `grace`.
    public func releaseStranded(claimedBefore: Date) async throws {
        try await db.sql.raw(
            """
            UPDATE auto_topup_agreements SET debit_state = 'due'
            WHERE debit_state = 'debiting' AND claimed_at_ms < \(bind: claimedBefore.epochMilliseconds)
                AND NOT EXISTS (SELECT 1 FROM auto_topup_debits d WHERE d.agreement_id = auto_topup_agreements.id AND d.status = 'processing')
            """
        ).run()
    }

    /// The debit's order was made: it is with the bank from now on (the unique index refuses a
    /// second one for the agreement).
    public func started(_ agreement: AutoTopUpAgreement, order: TopUpOrder, at: Date) async throws {
        try await db.sql.raw(
            """
            INSERT INTO auto_topup_debits (agreement_id, order_no, cardholder_id, amount, status, at_ms)
            VALUES (\(bind: agreement.id), \(bind: order.orderNo), \(bind: order.cardholderID), \(bind: order.amount.fen), 'processing',
                \(bind: at.epochMilliseconds))
            """
        ).run()
    }

    /// The debit's order was credited: the debit succeeded, the failures are forgotten, and the
    /// agreement waits for the next dip (at once due again if the credit left the purse under the
    /// threshold). Returns the debit if this call settled it.
    public func succeeded(orderNo: String, timeZone: TimeZone, at: Date) async throws -> (Debit, AutoTopUpAgreement)? {
        try await db.transaction { sql in
            guard let debit = try await Self.close(orderNo, status: .succeeded, code: nil, reason: nil, at: at, on: sql) else { return nil }
            let agreement = try await Self.update(
                debit.agreementID,
                """
                failures = 0, next_attempt_at_ms = NULL,
                debit_state = CASE WHEN status = 'active' THEN \(AutoTopUpAgreements.dueOrArmed(threshold: "threshold_fen")) ELSE 'idle' END
                """, on: sql)
            let balance = try await sql.raw("SELECT balance FROM accounts WHERE id = \(bind: agreement.purse.id)").first(
                decodingColumn: "balance", as: Int64.self
            ).map(Money.init(fen:))
            let notice = AutoTopUpNotice.done(
                amount: debit.amount, balance: balance, cardLastFour: agreement.cardLastFour, at: at, timeZone: timeZone)
            try await NoticeInbox.record(
                .autoTopUpDone, key: orderNo, cardholderID: debit.cardholderID, title: notice.title, body: notice.body, at: at, on: sql)
            return (debit, agreement)
        }
    }

    /// The bank refused (or our limits did): the failure is counted; below `maxFailures` the
    /// debit is due again after `retryWait`, at `maxFailures` the agreement pauses.
    public func failed(orderNo: String, code: String?, reason: AutoDebitReason, terms: AutoTopUpTerms, at: Date) async throws -> (
        Debit, AutoTopUpAgreement
    )? {
        try await db.transaction { sql in
            guard let debit = try await Self.close(orderNo, status: .failed, code: code, reason: reason, at: at, on: sql) else {
                return nil
            }
            let failures =
                try await sql.raw(
                    """
                    UPDATE auto_topup_agreements SET failures = failures + 1 WHERE id = \(bind: debit.agreementID) RETURNING failures
                    """
                ).first(decodingColumn: "failures", as: Int64.self) ?? 1
            let pause = failures >= terms.settings.autoTopUpMaxFailures
            let retryAt = at.addingTimeInterval(terms.retryWait(afterFailures: Int(failures)))
            let agreement = try await Self.update(
                debit.agreementID,
                pause
                    ? "status = CASE WHEN status = 'active' THEN 'paused' ELSE status END, debit_state = 'idle', next_attempt_at_ms = NULL"
                    : """
                    debit_state = CASE WHEN status = 'active' THEN 'due' ELSE 'idle' END, next_attempt_at_ms = \(bind: retryAt.epochMilliseconds)
                    """, on: sql)
            let retrying = agreement.status == .active && agreement.debitState == .due
            let failedNotice = AutoTopUpNotice.failed(
                amount: debit.amount, reason: reason, retryAt: retrying ? retryAt : nil, at: at, timeZone: terms.timeZone)
            try await NoticeInbox.record(
                .autoTopUpFailed, key: orderNo, cardholderID: debit.cardholderID, title: failedNotice.title, body: failedNotice.body,
                at: at,
                on: sql)
            if pause && agreement.status == .paused {
                try await AutoTopUpAgreements.record(
                    debit.agreementID, "pause", actor: "system", detail: "\(failures) failed debits in a row", at: at, on: sql)
                let notice = AutoTopUpNotice.paused(failures: Int(failures), amount: debit.amount, at: at, timeZone: terms.timeZone)
                try await NoticeInbox.record(
                    .autoTopUpPaused, key: orderNo, cardholderID: debit.cardholderID, title: notice.title, body: notice.body, at: at,
                    on: sql)
            }
            return (debit, agreement)
        }
    }

    private static func update(_ id: Int64, _ set: SQLQueryString, on sql: any SQLDatabase) async throws -> AutoTopUpAgreement {
        guard
            let row = try await sql.raw(
                "UPDATE auto_topup_agreements SET \(set) WHERE id = \(bind: id) RETURNING \(AutoTopUpAgreement.columns)"
            )
            .first()
        else { throw CardError.ledgerInconsistent("agreement \(id)") }
        return try AutoTopUpAgreement(row: row)
    }

    /// Closes a processing debit; nil if it was settled already (a second answer of the bank).
    private static func close(
        _ orderNo: String, status: Debit.Status, code: String?, reason: AutoDebitReason?, at: Date, on sql: any SQLDatabase
    ) async throws -> Debit? {
        try await sql.raw(
            """
            UPDATE auto_topup_debits SET status = \(bind: status.rawValue), bank_code = \(bind: code), reason = \(bind: reason?.rawValue),
                settled_at_ms = \(bind: at.epochMilliseconds)
            WHERE order_no = \(bind: orderNo) AND status = 'processing' RETURNING \(Debit.columns)
            """
        ).first().map(Debit.init(row:))
    }

    /// An attempt our own rules refused before the bank was asked (a top-up limit, a stopped
    /// card): recorded and counted like the bank's refusals, under a number of its own (no order).
    public func refusedBeforeBank(_ agreement: AutoTopUpAgreement, reason: AutoDebitReason, terms: AutoTopUpTerms, at: Date) async throws {
        let number = "A\(at.epochMilliseconds)N\(agreement.id)"
        try await db.sql.raw(
            """
            INSERT INTO auto_topup_debits (agreement_id, order_no, cardholder_id, amount, status, at_ms)
            VALUES (\(bind: agreement.id), \(bind: number), \(bind: agreement.cardholderID), \(bind: agreement.amount.fen), 'processing',
                \(bind: at.epochMilliseconds))
            """
        ).run()
        _ = try await failed(orderNo: number, code: nil, reason: reason, terms: terms, at: at)
    }

    /// Debits still with the bank since before `before`: to be asked about.
    public func processing(since before: Date, limit: Int = 200) async throws -> [Debit] {
        try await db.sql.raw(
            """
            SELECT \(Debit.columns) FROM auto_topup_debits WHERE status = 'processing' AND at_ms <= \(bind: before.epochMilliseconds)
            ORDER BY id LIMIT \(unsafeRaw: String(limit))
            """
        ).all().map(Debit.init(row:))
    }

    public func debit(orderNo: String) async throws -> Debit? {
        try await db.sql.raw("SELECT \(Debit.columns) FROM auto_topup_debits WHERE order_no = \(bind: orderNo)").first().map(
            Debit.init(row:))
    }

    /// An agreement holder's debits, newest first.
    public func debits(ofCardholder cardholderID: Int64, limit: Int = 20) async throws -> [Debit] {
        try await db.sql.raw(
            """
            SELECT \(Debit.columns) FROM auto_topup_debits
            WHERE agreement_id IN (SELECT id FROM auto_topup_agreements WHERE cardholder_id = \(bind: cardholderID))
            ORDER BY id DESC LIMIT \(unsafeRaw: String(limit))
            """
        ).all().map(Debit.init(row:))
    }
}

extension AutoTopUpDebits.Debit {
    static let columns: SQLQueryString = "agreement_id, order_no, cardholder_id, amount, status, bank_code, reason, at_ms, settled_at_ms"

    init(row: any SQLRow) throws {
        agreementID = try row.decode(column: "agreement_id", as: Int64.self)
        orderNo = try row.decode(column: "order_no", as: String.self)
        cardholderID = try row.decode(column: "cardholder_id", as: Int64.self)
        amount = Money(fen: try row.decode(column: "amount", as: Int64.self))
        status = Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .failed
        bankCode = try row.decode(column: "bank_code", as: String?.self)
        reason = try row.decode(column: "reason", as: String?.self).flatMap(AutoDebitReason.init(rawValue:))
        at = Date(epochMilliseconds: try row.decode(column: "at_ms", as: Int64.self))
        settledAt = try row.decode(column: "settled_at_ms", as: Int64?.self).map(Date.init(epochMilliseconds:))
    }
}
