import CampusCardCore
import Foundation
import PostgresNIO

/// The PostgreSQL path of a single terminal charge: the batch statement with one charge in it,
/// which PostgreSQL runs as one transaction: one round trip and one commit.
///
/// A reused nonce or transfer key makes the statement fail on its unique index, which undoes all
/// of it (the purse included); the caller then answers a replay. A refused charge (card stopped,
/// purse short) inserts no transfer, but keeps its nonce, so the request cannot be replayed later.
extension TerminalSpend {
    enum OneStatementOutcome {
        case charged(TransferReceipt)
        case refused
        case terminalChanged
        case nonceReused
        case keyReused
    }

    func chargeInOneStatement(_ item: TerminalSpend.Item) async throws -> OneStatementOutcome {
        do {
            guard let (_, terminalCurrent, transferID, balanceAfter) = try await db.execute(SpendBatchStatement([item])).first else {
                throw CardError.internalError
            }
            guard terminalCurrent else { return .terminalChanged }
            guard let transferID, let balanceAfter else { return .refused }
            return .charged(
                TransferReceipt(
                    transferID: transferID, kind: .spend, amount: item.request.amount,
                    at: Date(epochMilliseconds: item.at.epochMilliseconds),
                    purseBalanceAfter: Money(fen: balanceAfter), isReplay: false))
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            return error.serverInfo?[.tableName] == "terminal_nonces" ? .nonceReused : .keyReused
        }
    }
}
