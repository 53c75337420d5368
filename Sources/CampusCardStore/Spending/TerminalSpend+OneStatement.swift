import CampusCardCore
import Foundation
import PostgresNIO

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
        let statement = SpendStatement(
            terminalID: request.terminal.id, nonce: request.nonce, atMS: at.epochMilliseconds, schoolID: request.terminal.schoolID,
            card: request.card.rawValue, amount: request.amount.fen, merchantAccountID: request.terminal.merchant.account.id,
            scope: key.scope, key: key.key, memo: request.terminal.merchant.name)
        do {
            guard let (_, cards, transferID, balanceAfter) = try await db.execute(statement).first else { throw CardError.internalError }
            guard let transferID, let balanceAfter else { return .refused(cardFound: cards > 0) }
            return .charged(
                TransferReceipt(
                    transferID: transferID, kind: .spend, amount: request.amount, at: Date(epochMilliseconds: statement.atMS),
                    purseBalanceAfter: Money(fen: balanceAfter), isReplay: false))
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            return error.serverInfo?[.tableName] == "terminal_nonces" ? .nonceReused : .keyReused
        }
    }
}

/// The charge as one prepared statement. A data-modifying CTE runs even when nothing reads it.
struct SpendStatement: PostgresPreparedStatement {
    static let sql = """
        WITH n AS (
            INSERT INTO terminal_nonces (terminal_id, nonce, at_ms) VALUES ($1, $2, $3) RETURNING 1
        ), c AS (
            SELECT 1 FROM cards WHERE school_id = $4 AND card_number = $5
        ), p AS (
            UPDATE accounts a SET balance = a.balance - $6
            FROM cards k
            WHERE k.school_id = $4 AND k.card_number = $5 AND k.status = 'active'
                AND a.id = k.purse_account_id AND a.kind = 'purse' AND a.status = 'active' AND a.balance >= $6
            RETURNING a.id, a.balance
        ), t AS (
            INSERT INTO transfers (school_id, kind, from_account_id, to_account_id, amount, idempotency_scope, idempotency_key, memo, at_ms)
            SELECT $4, 'spend', p.id, $7, $6, $8, $9, $10, $3 FROM p RETURNING id
        ), e AS (
            INSERT INTO entries (transfer_id, account_id, amount, balance_after, pending, at_ms)
            SELECT t.id, p.id, -$6, p.balance, false, $3 FROM t, p
            UNION ALL
            SELECT t.id, $7, $6, NULL, true, $3 FROM t
            RETURNING 1
        )
        SELECT (SELECT count(*) FROM n), (SELECT count(*) FROM c), (SELECT id FROM t), (SELECT balance FROM p)
        """

    typealias Row = (Int64, Int64, Int64?, Int64?)

    var terminalID: Int64
    var nonce: String
    var atMS: Int64
    var schoolID: Int64
    var card: String
    var amount: Int64
    var merchantAccountID: Int64
    var scope: String
    var key: String
    var memo: String

    static var bindingDataTypes: [PostgresDataType] { [.int8, .text, .int8, .int8, .text, .int8, .int8, .text, .text, .text] }

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 10)
        bindings.append(terminalID)
        bindings.append(nonce)
        bindings.append(atMS)
        bindings.append(schoolID)
        bindings.append(card)
        bindings.append(amount)
        bindings.append(merchantAccountID)
        bindings.append(scope)
        bindings.append(key)
        bindings.append(memo)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        try row.decode(Row.self)
    }
}
