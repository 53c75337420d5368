import CampusCardCore
import SQLKit

/// What SQLite's batch must know of each charge before it charges (the card, its purse's balance
/// and count of entries if the purse is active, whether the charge's key was used already or refused), read in one
/// statement for the whole batch.
struct ChargeContext {
    var card: CardRecord?
    var purseBalance: Int64?
    var purseSeq: Int64?
    var keyPosted: Bool
    /// The terminal refused this transaction id before (`SpendRefusals`): the steps answer it.
    var refused: Bool

    /// One per charge, in order; the caller holds the write lock.
    static func read(
        _ charges: [(terminal: TerminalRecord, card: CardNumber, key: IdempotencyKey, transactionID: String)], on sql: any SQLDatabase
    ) async throws -> [ChargeContext] {
        guard !charges.isEmpty else { return [] }
        let asked = charges.enumerated().map { index, charge in
            """
            (\(bind: index), \(bind: charge.terminal.schoolID), \(bind: charge.card.rawValue), \(bind: charge.key.scope), \(bind: charge.key.key), \
            \(bind: charge.terminal.id), \(bind: charge.transactionID))
            """ as SQLQueryString
        }.joined(separator: ", ")
        return try await sql.raw(
            """
            SELECT c.id, c.school_id, c.card_number, c.status, c.cardholder_id, c.purse_account_id, a.balance AS purse_balance, a.entry_seq AS purse_seq,
                EXISTS (SELECT 1 FROM transfers t WHERE t.idempotency_scope = v.column4 AND t.idempotency_key = v.column5) AS key_posted,
                EXISTS (SELECT 1 FROM spend_refusals s WHERE s.terminal_id = v.column6 AND s.transaction_id = v.column7) AS refused
            FROM (VALUES \(asked)) AS v
                LEFT JOIN cards c ON c.school_id = v.column2 AND c.card_number = v.column3
                LEFT JOIN accounts a ON a.id = c.purse_account_id AND a.kind = 'purse' AND a.status = 'active'
            ORDER BY v.column1
            """
        ).all().map { row in
            ChargeContext(
                card: try row.decode(column: "id", as: Int64?.self) == nil ? nil : try CardStore.record(row),
                purseBalance: try row.decode(column: "purse_balance", as: Int64?.self),
                purseSeq: try row.decode(column: "purse_seq", as: Int64?.self),
                keyPosted: try row.decode(column: "key_posted", as: Bool.self),
                refused: try row.decode(column: "refused", as: Bool.self))
        }
    }
}
