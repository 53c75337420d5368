import CampusCardCore
import CampusCardStore
import Foundation
import SQLKit

extension BenchLoader {
    /// Gives every `1/every`-th cardholder of the BENCH schools (in id order, e.g. 3 of each 10 for
    /// 30 %) a signed auto top-up agreement whose threshold sits one fen above the purse's balance,
    /// so the next spend of each crosses it: the spend path with its purse watch at work. No bank
    /// is configured in the bench, so the debits stay due; what is measured is the spend.
    public func autoTopUpAgreements(percent: Int, at now: Date) async throws -> Int {
        try await db.transaction { sql in
            try await sql.raw(
                """
                INSERT INTO auto_topup_agreements (school_id, cardholder_id, purse_account_id, status, debit_state, threshold_fen, amount_fen,
                    token, card_last_four, failures, signed_at_ms, expires_at_ms, created_at_ms)
                SELECT c.school_id, c.id, c.purse_account_id, 'active', 'armed', a.balance + 1, \(bind: SchoolSettings.defaults.autoTopUpAmount.fen),
                    'bench', '0000', 0, \(bind: now.epochMilliseconds), \(bind: now.addingTimeInterval(86_400 * 365).epochMilliseconds),
                    \(bind: now.epochMilliseconds)
                FROM cardholders c JOIN schools s ON s.id = c.school_id JOIN accounts a ON a.id = c.purse_account_id
                WHERE s.code LIKE 'BENCH%' AND c.id % 10 < \(bind: percent / 10)
                    AND NOT EXISTS (SELECT 1 FROM auto_topup_agreements g WHERE g.cardholder_id = c.id)
                """
            ).run()
            try await AutoTopUpAgreements.copyThresholdsToPurses(on: sql)
            return try await sql.raw("SELECT COUNT(*) AS n FROM auto_topup_agreements WHERE token = 'bench'").first(
                decodingColumn: "n", as: Int.self) ?? 0
        }
    }
}
