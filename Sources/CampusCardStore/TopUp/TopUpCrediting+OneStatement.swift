import CampusCardCore
import Foundation
import PostgresKit
import PostgresNIO

/// PostgreSQL's path for the common notice, an order still waiting for its payment: the claim,
/// the purse, the transfers and their entries, and the notification's log line in one prepared
/// statement, so one round trip and one commit. Anything else (a duplicate, an order closed
/// meanwhile, a wrong amount, a purse that cannot take it) matches no order here and writes
/// nothing; the steps then say what it is.
extension TopUpCrediting {
    func creditInOneStatement(_ notice: PaymentNotice, at: Date, logging detail: String?) async throws -> TopUpOrder? {
        do {
            return try await db.execute(CreditStatement(notice, at: at, logging: detail)).first
        } catch let error as PSQLError where ["23502", "23505"].contains(error.serverInfo?[.sqlState]) {
            // A purse that stopped taking money since the claim, or a key posted meanwhile by
            // another way in: all of it undone, and the steps answer.
            return nil
        }
    }
}

struct CreditStatement: PostgresPreparedStatement {
    static let sql = """
        WITH o AS (
            UPDATE topup_orders SET status = 'credited', channel_trade_no = COALESCE($4::text, channel_trade_no), updated_at_ms = $5,
                transfer_id = nextval(pg_get_serial_sequence('transfers', 'id'))
            WHERE order_no = $1 AND provider = $2 AND payable = $3 AND status IN ('created', 'awaiting_payment')
            RETURNING *
        ), c AS (
            SELECT a.id FROM accounts a JOIN o ON a.school_id = o.school_id WHERE a.kind = $6 AND a.label = $7
        ), f AS (
            SELECT a.id FROM accounts a JOIN o ON a.school_id = o.school_id WHERE a.kind = $8 AND a.label = $9
        ), p AS (
            UPDATE accounts a SET balance = a.balance + o.amount FROM o
            WHERE a.id = o.purse_account_id AND a.kind = 'purse' AND a.status = 'active'
            RETURNING a.id, a.balance
        ), t AS (
            -- A missing account (a purse frozen since the claim) leaves a NULL in a NOT NULL
            -- column: the statement fails and none of it stays.
            INSERT INTO transfers (id, school_id, kind, from_account_id, to_account_id, amount, idempotency_scope, idempotency_key, memo, at_ms)
            SELECT o.transfer_id, o.school_id, 'top_up', c.id, p.id, o.amount, 'topup', o.order_no, $10 || o.order_no, $5
            FROM o LEFT JOIN c ON true LEFT JOIN p ON true
            RETURNING id, from_account_id, to_account_id, amount
        ), fee AS (
            INSERT INTO transfers (school_id, kind, from_account_id, to_account_id, amount, idempotency_scope, idempotency_key, memo, at_ms)
            SELECT o.school_id, 'fee', c.id, f.id, o.fee, 'topup-fee', o.order_no, '充值手续费 ' || o.order_no, $5
            FROM o LEFT JOIN c ON true LEFT JOIN f ON true WHERE o.fee > 0
            RETURNING id, from_account_id, to_account_id, amount
        ), e AS (
            INSERT INTO entries (transfer_id, account_id, amount, balance_after, pending, at_ms)
            SELECT t.id, t.to_account_id, t.amount, p.balance, false, $5 FROM t JOIN p ON p.id = t.to_account_id
            UNION ALL SELECT t.id, t.from_account_id, -t.amount, NULL, true, $5 FROM t
            UNION ALL SELECT fee.id, fee.from_account_id, -fee.amount, NULL, true, $5 FROM fee
            UNION ALL SELECT fee.id, fee.to_account_id, fee.amount, NULL, true, $5 FROM fee
            RETURNING 1
        ), n AS (
            INSERT INTO channel_notifications (provider, order_no, outcome, detail, at_ms)
            SELECT $2, o.order_no, 'credited', $11::text, $5 FROM o WHERE $11::text IS NOT NULL
            RETURNING 1
        )
        SELECT o.* FROM o
        """

    typealias Row = TopUpOrder

    var orderNo: String
    var provider: String
    var payable: Int64
    var channelTradeNo: String?
    var at: Int64
    var clearing: (kind: String, label: String)
    var feeIncome: (kind: String, label: String)
    var memoPrefix: String
    var detail: String?

    init(_ notice: PaymentNotice, at: Date, logging detail: String?) {
        orderNo = notice.orderNo
        provider = notice.provider.rawValue
        payable = notice.paidTotal.fen
        channelTradeNo = notice.channelTradeNo
        self.at = at.epochMilliseconds
        let clearing = SystemAccount.clearing(notice.provider)
        self.clearing = (clearing.kind.rawValue, clearing.label)
        feeIncome = (SystemAccount.feeIncome.kind.rawValue, SystemAccount.feeIncome.label)
        memoPrefix = TopUpCrediting.memo(provider: notice.provider)
        self.detail = detail.map(ChannelNotificationLog.clipped(detail:))
    }

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 11)
        bindings.append(orderNo)
        bindings.append(provider)
        bindings.append(payable)
        bindings.append(channelTradeNo)
        bindings.append(at)
        bindings.append(clearing.kind)
        bindings.append(clearing.label)
        bindings.append(feeIncome.kind)
        bindings.append(feeIncome.label)
        bindings.append(memoPrefix)
        bindings.append(detail)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> TopUpOrder {
        try TopUpOrder(row: row.sql())
    }
}
