import CampusCardCore
import Foundation
import PostgresNIO
import SQLKit

/// The PostgreSQL path of a terminal charge: nonce, card, purse, transfer and both entries in one
/// statement, which PostgreSQL runs as one transaction: one round trip and one commit at the
/// canteen's noon rush, where the step-by-step path needs seven.
///
/// A reused nonce or transfer key makes the statement fail on its unique index, which undoes all
/// of it (the purse included); the caller then answers a replay. A refused charge (card stopped,
/// purse short) inserts no transfer, but keeps its nonce, so the request cannot be replayed later.
extension TerminalSpend {
    enum OneStatementOutcome {
        case charged(TransferReceipt)
        case refused(cardFound: Bool)
        case nonceReused
        case keyReused
    }

    func chargeInOneStatement(_ request: TerminalSpendRequest, transfer key: IdempotencyKey, at: Date) async throws -> OneStatementOutcome {
        let atMS = at.epochMilliseconds
        let amount = request.amount.fen
        let merchant = request.terminal.merchant.account.id
        let school = request.terminal.schoolID
        do {
            guard
                let row = try await db.sql.raw(
                    """
                    WITH n AS (
                        INSERT INTO terminal_nonces (terminal_id, nonce, at_ms) VALUES (\(bind: request.terminal.id), \(bind: request.nonce), \(bind: atMS)) RETURNING 1
                    ), c AS (
                        SELECT purse_account_id FROM cards WHERE school_id = \(bind: school) AND card_number = \(bind: request.card.rawValue)
                    ), p AS (
                        UPDATE accounts a SET balance = a.balance - \(bind: amount)
                        FROM cards k
                        WHERE k.school_id = \(bind: school) AND k.card_number = \(bind: request.card.rawValue) AND k.status = 'active'
                            AND a.id = k.purse_account_id AND a.kind = 'purse' AND a.status = 'active' AND a.balance >= \(bind: amount)
                        RETURNING a.id, a.balance
                    ), t AS (
                        INSERT INTO transfers (school_id, kind, from_account_id, to_account_id, amount, idempotency_scope, idempotency_key, memo, at_ms)
                        SELECT \(bind: school), 'spend', p.id, \(bind: merchant), \(bind: amount), \(bind: key.scope), \(bind: key.key), \(bind: request.terminal.merchant.name), \(bind: atMS)
                        FROM p RETURNING id
                    ), e AS (
                        INSERT INTO entries (transfer_id, account_id, amount, balance_after, pending, at_ms)
                        SELECT t.id, p.id, \(bind: -amount), p.balance, false, \(bind: atMS) FROM t, p
                        UNION ALL
                        SELECT t.id, \(bind: merchant), \(bind: amount), NULL, true, \(bind: atMS) FROM t
                        RETURNING 1
                    )
                    SELECT (SELECT count(*) FROM n) AS nonces, (SELECT count(*) FROM e) AS entries, (SELECT count(*) FROM c) AS cards,
                        (SELECT id FROM t) AS transfer_id, (SELECT balance FROM p) AS balance_after
                    """
                ).first()
            else { throw CardError.internalError }
            guard let transferID = try row.decode(column: "transfer_id", as: Int64?.self) else {
                return .refused(cardFound: try row.decode(column: "cards", as: Int64.self) > 0)
            }
            let balance = try row.decode(column: "balance_after", as: Int64.self)
            return .charged(
                TransferReceipt(
                    transferID: transferID, kind: .spend, amount: request.amount, at: Date(epochMilliseconds: atMS),
                    purseBalanceAfter: Money(fen: balance), isReplay: false))
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            return error.serverInfo?[.tableName] == "terminal_nonces" ? .nonceReused : .keyReused
        }
    }
}
