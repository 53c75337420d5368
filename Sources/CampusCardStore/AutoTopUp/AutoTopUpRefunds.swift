import CampusCardCore
import Foundation
import SQLKit

/// Refunds of auto-debits (SPEC: until the 5th of the next month): the money leaves the purse
/// by its own transfer, only if the balance covers it, before the bank is asked to return it to
/// the card (UnionPay's refund); a refund the bank refuses puts the money back on the purse.
public struct AutoTopUpRefunds: Sendable {
    let db: StoreDatabase

    public init(_ db: StoreDatabase) {
        self.db = db
    }

    public struct Refund: Sendable, Equatable {
        public var refundNo: String
        public var orderNo: String
        public var cardholderID: Int64
        public var amount: Money
        public var status: Status
        public var bankCode: String?
        public var requestedBy: String
        public var at: Date

        public enum Status: String, Sendable, Equatable {
            case requested
            case succeeded
            case failed
        }

        static let columns: SQLQueryString = "refund_no, order_no, cardholder_id, amount, status, bank_code, requested_by, at_ms"

        init(row: any SQLRow) throws {
            refundNo = try row.decode(column: "refund_no", as: String.self)
            orderNo = try row.decode(column: "order_no", as: String.self)
            cardholderID = try row.decode(column: "cardholder_id", as: Int64.self)
            amount = Money(fen: try row.decode(column: "amount", as: Int64.self))
            status = Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .failed
            bankCode = try row.decode(column: "bank_code", as: String?.self)
            requestedBy = try row.decode(column: "requested_by", as: String.self)
            at = Date(epochMilliseconds: try row.decode(column: "at_ms", as: Int64.self))
        }
    }

    /// Takes the whole debit back from the purse for a refund: the order must be this
    /// cardholder's credited auto-debit, inside its window, not refunded yet, and the purse must
    /// hold it. The cardholder's agreement is held off (`idle`) so the purse going down does not
    /// start a new debit at once; it re-arms when the balance is back at the threshold.
    public func request(orderNo: String, cardholderID: Int64, requestedBy: String, terms: AutoTopUpTerms, at: Date) async throws
        -> (Refund, TopUpOrder)
    {
        try await db.transaction { sql in
            guard
                let order = try await sql.raw(
                    """
                    SELECT \(TopUpOrder.columns) FROM topup_orders
                    WHERE order_no = \(bind: orderNo) AND cardholder_id = \(bind: cardholderID) AND kind = 'auto'
                    """
                ).first().map(TopUpOrder.init(row:))
            else { throw CardError.refundOrderUnknown(orderNo) }
            guard order.status == .credited else { throw CardError.refundNotCredited(orderNo: orderNo, status: order.status.rawValue) }
            guard terms.refundable(debitedOn: order.localDay, at: at) else {
                throw CardError.autoTopUpRefundWindowClosed(
                    orderNo: orderNo, lastDay: terms.refundLastDay(debitedOn: order.localDay),
                    deadlineDay: terms.settings.autoTopUpRefundDeadlineDay)
            }
            guard
                try await sql.raw(
                    """
                    UPDATE topup_orders SET refunded = amount WHERE id = \(bind: order.id) AND refunded = 0 RETURNING id
                    """
                ).first() != nil
            else {
                throw CardError.refundExceedsTopUp(orderNo: orderNo, topUp: order.amount, left: .zero, asked: order.amount)
            }
            // The purse is locked before the agreement, in the spend path's order (its watch
            // updates the agreement under the purse's lock): the two never wait on each other.
            // Setting the balance to itself moves nothing and wakes no watch.
            try await sql.raw("UPDATE accounts SET balance = balance WHERE id = \(bind: order.purse.id)").run()
            try await sql.raw(
                """
                UPDATE auto_topup_agreements SET debit_state = 'idle' WHERE purse_account_id = \(bind: order.purse.id) AND debit_state = 'armed'
                """
            ).run()
            let refundNo = "R\(at.epochMilliseconds)" + String(order.orderNo.suffix(8))
            let receipt = try await LedgerStore(sql).post(
                try TransferRequest(
                    kind: .refund, from: order.purse, to: try await SchoolStore(sql).account(.clearing(.unionPay), of: order.schoolID),
                    amount: order.amount, key: IdempotencyKey(scope: "auto-refund", key: refundNo), memo: "自动充值退款 " + order.orderNo),
                schoolID: order.schoolID, at: at)
            guard
                let row = try await sql.raw(
                    """
                    INSERT INTO auto_topup_refunds (refund_no, order_no, cardholder_id, amount, status, transfer_id, requested_by, at_ms)
                    VALUES (\(bind: refundNo), \(bind: orderNo), \(bind: cardholderID), \(bind: order.amount.fen), 'requested',
                        \(bind: receipt.transferID), \(bind: requestedBy), \(bind: at.epochMilliseconds))
                    RETURNING \(Refund.columns)
                    """
                ).first()
            else { throw CardError.internalError }
            return (try Refund(row: row), order)
        }
    }

    /// The bank's final answer about a refund, once: a refusal returns the money to the purse
    /// (and the debit may be refunded again). The cardholder is told either way.
    @discardableResult
    public func settle(refundNo: String, succeeded: Bool, bankCode: String?, timeZone: TimeZone, at: Date) async throws -> Refund? {
        try await db.transaction { sql in
            guard
                let refund = try await sql.raw(
                    """
                    UPDATE auto_topup_refunds SET status = \(bind: succeeded ? "succeeded" : "failed"), bank_code = \(bind: bankCode),
                        settled_at_ms = \(bind: at.epochMilliseconds)
                    WHERE refund_no = \(bind: refundNo) AND status = 'requested' RETURNING \(Refund.columns)
                    """
                ).first().map(Refund.init(row:))
            else { return nil }
            if !succeeded {
                guard
                    let order = try await sql.raw("SELECT \(TopUpOrder.columns) FROM topup_orders WHERE order_no = \(bind: refund.orderNo)")
                        .first().map(TopUpOrder.init(row:))
                else { throw CardError.ledgerInconsistent("order \(refund.orderNo)") }
                _ = try await LedgerStore(sql).post(
                    try TransferRequest(
                        kind: .correction, from: try await SchoolStore(sql).account(.clearing(.unionPay), of: order.schoolID),
                        to: order.purse,
                        amount: refund.amount, key: IdempotencyKey(scope: "auto-refund-returned", key: refundNo),
                        memo: "自动充值退款未成功，退回余额 " + order.orderNo),
                    schoolID: order.schoolID, at: at)
                try await sql.raw("UPDATE topup_orders SET refunded = 0 WHERE id = \(bind: order.id)").run()
            }
            let notice = AutoTopUpNotice.refunded(
                amount: refund.amount, orderNo: refund.orderNo, succeeded: succeeded, at: at, timeZone: timeZone)
            try await NoticeInbox.record(
                .autoTopUpRefunded, key: refundNo, cardholderID: refund.cardholderID, title: notice.title, body: notice.body, at: at,
                on: sql)
            return refund
        }
    }

    /// Refunds still waiting for the bank's answer since before `before`.
    public func requested(since before: Date, limit: Int = 200) async throws -> [Refund] {
        try await db.sql.raw(
            """
            SELECT \(Refund.columns) FROM auto_topup_refunds WHERE status = 'requested' AND at_ms <= \(bind: before.epochMilliseconds)
            ORDER BY id LIMIT \(unsafeRaw: String(limit))
            """
        ).all().map(Refund.init(row:))
    }

    public func refund(number: String) async throws -> Refund? {
        try await db.sql.raw("SELECT \(Refund.columns) FROM auto_topup_refunds WHERE refund_no = \(bind: number)").first().map(
            Refund.init(row:))
    }

    public func refunds(ofCardholder cardholderID: Int64, limit: Int = 20) async throws -> [Refund] {
        try await db.sql.raw(
            """
            SELECT \(Refund.columns) FROM auto_topup_refunds WHERE cardholder_id = \(bind: cardholderID) ORDER BY id DESC LIMIT \(unsafeRaw: String(limit))
            """
        ).all().map(Refund.init(row:))
    }
}
