import CampusCardCore
import Foundation
import PostgresKit
import PostgresNIO

/// Top-up notices credited together (see `Batcher`): each answered with its outcome if the batch
/// settled it, nil if it is left to the steps.
public typealias CreditBatcher = Batcher<TopUpCrediting.Item, CreditOutcome?>

extension Batcher where Item == TopUpCrediting.Item, Answer == CreditOutcome? {
    /// One batch at a time: two in flight gave a worse p99 (52-53 ms against 45-48 at 64
    /// connections), smaller batches for the same notices costing PostgreSQL more.
    public init(_ db: StoreDatabase) {
        self.init(maxInFlight: 1) { await TopUpCrediting(db).creditTogether($0).map { .success($0) } }
    }
}

/// PostgreSQL's path for the common notices, an order still waiting for its payment and the
/// channel's repeat of one credited before: for a whole batch, the claims, the purses, the
/// transfers with their entries and the log lines in one prepared statement, so one round trip
/// and one commit. Anything else (an order closed meanwhile, a wrong amount, a repeat of an
/// order another batch is crediting right now) is left to the steps, which run after the batch
/// has made room for the next one.
extension TopUpCrediting {
    /// What the statement made of each notice, in the batch's order (nil for the others). The
    /// statement gets them sorted by order number, the order in which it locks them. If it fails,
    /// nothing of the batch was written (a purse that could not take its money, a key posted
    /// meanwhile by another way in) and every notice is left to the steps.
    func creditTogether(_ items: [Item]) async -> [CreditOutcome?] {
        let sorted = items.indices.sorted { items[$0].notice.orderNo < items[$1].notice.orderNo }
        var outcomes = [CreditOutcome?](repeating: nil, count: items.count)
        guard let rows = try? await db.execute(CreditBatchStatement(sorted.map { items[$0] })) else { return outcomes }
        for (index, order, repeated) in rows { outcomes[sorted[index]] = repeated ? .alreadyCredited(order) : .credited(order) }
        return outcomes
    }
}

/// The batch as one statement over arrays, one element per notice ('' for no trade number or
/// no log line: arrays carry no NULLs here). Several orders of one purse
/// are credited in the arrays' order, each entry with the balance after it and its number among the purse's; a purse that takes
/// nothing (frozen) leaves a NULL in a NOT NULL column, so the statement fails and none of it stays.
/// Orders are locked in the arrays' order (an index lookup per element) and purses in id order
/// (`l`, as the spend batch does), so batches of two processes never deadlock, nor one of them a spend.
/// A repeat (`d`) is an order this statement's snapshot already shows settled; one being
/// credited by a batch not yet committed still looks open, and goes to the steps.
struct CreditBatchStatement: PostgresPreparedStatement {
    static let sql = """
        WITH r AS (
            SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::bigint[], $6::text[], $7::text[], $8::text[])
                WITH ORDINALITY AS r(order_no, provider, payable, trade_no, at_ms, clearing, memo, detail, i)
        ), o AS (
            UPDATE topup_orders t SET status = 'credited', channel_trade_no = COALESCE(NULLIF(r.trade_no, ''), t.channel_trade_no), updated_at_ms = r.at_ms,
                transfer_id = nextval(pg_get_serial_sequence('transfers', 'id'))
            FROM r WHERE t.order_no = r.order_no AND t.provider = r.provider AND t.payable = r.payable
                AND t.status IN ('created', 'awaiting_payment')
            RETURNING t.*, r.i, r.at_ms AS credited_at_ms, r.clearing, r.memo, r.detail
        ), d AS (
            SELECT t.*, r.i, r.at_ms AS credited_at_ms, r.clearing, r.memo, r.detail
            FROM r JOIN topup_orders t ON t.order_no = r.order_no AND t.provider = r.provider AND t.payable = r.payable
            WHERE t.status <> ALL($13::text[]) AND r.i NOT IN (SELECT i FROM o)
        ), oo AS (
            SELECT o.*, COALESCE(SUM(o.amount) OVER later, 0) AS credited_later, COUNT(*) OVER later AS entries_later
            FROM o WINDOW later AS (PARTITION BY o.purse_account_id ORDER BY o.i DESC ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
        ), l AS MATERIALIZED (
            SELECT a.id FROM accounts a WHERE a.id IN (SELECT purse_account_id FROM o) ORDER BY a.id FOR NO KEY UPDATE
        ), p AS (
            UPDATE accounts a SET balance = a.balance + s.total, entry_seq = a.entry_seq + s.n
            FROM (SELECT purse_account_id, SUM(amount) AS total, COUNT(*) AS n FROM o GROUP BY purse_account_id) s JOIN l ON l.id = s.purse_account_id
            WHERE a.id = s.purse_account_id AND a.kind = 'purse' AND a.status = 'active'
            RETURNING a.id, a.balance, a.entry_seq
        ), c AS (
            SELECT oo.i, a.id FROM oo JOIN accounts a ON a.school_id = oo.school_id AND a.kind = $9 AND a.label = oo.clearing
        ), f AS (
            SELECT a.school_id, a.id FROM accounts a WHERE a.kind = $10 AND a.label = $11 AND a.school_id IN (SELECT school_id FROM o)
        ), t AS (
            INSERT INTO transfers (id, school_id, kind, from_account_id, to_account_id, amount, idempotency_scope, idempotency_key, memo, at_ms)
            SELECT oo.transfer_id, oo.school_id, 'top_up', c.id, p.id, oo.amount, 'topup', oo.order_no, oo.memo || oo.order_no, oo.credited_at_ms
            FROM oo LEFT JOIN c ON c.i = oo.i LEFT JOIN p ON p.id = oo.purse_account_id
            RETURNING id, from_account_id, to_account_id, amount, at_ms
        ), fee AS (
            INSERT INTO transfers (school_id, kind, from_account_id, to_account_id, amount, idempotency_scope, idempotency_key, memo, at_ms)
            SELECT oo.school_id, 'fee', c.id, f.id, oo.fee, 'topup-fee', oo.order_no, $12 || oo.order_no, oo.credited_at_ms
            FROM oo LEFT JOIN c ON c.i = oo.i LEFT JOIN f ON f.school_id = oo.school_id WHERE oo.fee > 0
            RETURNING id, from_account_id, to_account_id, amount, at_ms
        ), e AS (
            INSERT INTO entries (transfer_id, account_id, amount, balance_after, seq, pending, at_ms)
            SELECT t.id, t.to_account_id, t.amount, p.balance - oo.credited_later, p.entry_seq - oo.entries_later, false, t.at_ms
                FROM t JOIN oo ON oo.transfer_id = t.id JOIN p ON p.id = t.to_account_id
            UNION ALL SELECT t.id, t.from_account_id, -t.amount, NULL, NULL, true, t.at_ms FROM t
            UNION ALL SELECT fee.id, fee.from_account_id, -fee.amount, NULL, NULL, true, fee.at_ms FROM fee
            UNION ALL SELECT fee.id, fee.to_account_id, fee.amount, NULL, NULL, true, fee.at_ms FROM fee
            RETURNING 1
        ), n AS (
            INSERT INTO channel_notifications (provider, order_no, outcome, detail, at_ms)
            SELECT oo.provider, oo.order_no, 'credited', oo.detail, oo.credited_at_ms FROM oo WHERE oo.detail <> ''
            UNION ALL SELECT d.provider, d.order_no, 'duplicate', d.detail, d.credited_at_ms FROM d WHERE d.detail <> ''
            RETURNING 1
        )
        SELECT *, false AS repeated FROM o UNION ALL SELECT *, true FROM d
        """

    typealias Row = (index: Int, order: TopUpOrder, repeated: Bool)

    var items: [TopUpCrediting.Item]

    init(_ items: [TopUpCrediting.Item]) {
        self.items = items
    }

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 13)
        bindings.append(items.map(\.notice.orderNo))
        bindings.append(items.map(\.notice.provider.rawValue))
        bindings.append(items.map(\.notice.paidTotal.fen))
        bindings.append(items.map { $0.notice.channelTradeNo ?? "" })
        bindings.append(items.map(\.at.epochMilliseconds))
        bindings.append(items.map { SystemAccount.clearing($0.notice.provider).label })
        bindings.append(items.map { TopUpCrediting.memo(provider: $0.notice.provider) })
        bindings.append(items.map { $0.detail.map(ChannelNotificationLog.clipped(detail:)) ?? "" })
        bindings.append(AccountKind.channelClearing.rawValue)
        bindings.append(SystemAccount.feeIncome.kind.rawValue)
        bindings.append(SystemAccount.feeIncome.label)
        bindings.append(TopUpCrediting.feeMemo)
        bindings.append(TopUpOrderStatus.creditable.map(\.rawValue))
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        let columns = row.sql()
        return (
            Int(try columns.decode(column: "i", as: Int64.self)) - 1, try TopUpOrder(row: columns),
            try columns.decode(column: "repeated", as: Bool.self)
        )
    }
}
