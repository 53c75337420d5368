import CampusCardCore
import Foundation
import SQLKit

/// Bank openings waiting for the cardholder's SMS code: the bank wants the card and holder again
/// with the code, so they are kept sealed (never in clear) for the few minutes the code lives,
/// and deleted when the opening completes.
public struct AutoTopUpOpenings: Sendable {
    let db: StoreDatabase

    public init(_ db: StoreDatabase) {
        self.db = db
    }

    public func save(openingNo: String, cardholderID: Int64, sealed: String, expiresAt: Date) async throws {
        try await db.sql.raw(
            """
            INSERT INTO auto_topup_openings (opening_no, cardholder_id, sealed, expires_at_ms)
            VALUES (\(bind: openingNo), \(bind: cardholderID), \(bind: sealed), \(bind: expiresAt.epochMilliseconds))
            """
        ).run()
    }

    /// The cardholder's sealed opening, while its code may still be used.
    public func sealed(openingNo: String, cardholderID: Int64, at: Date) async throws -> String? {
        try await db.sql.raw(
            """
            SELECT sealed FROM auto_topup_openings
            WHERE opening_no = \(bind: openingNo) AND cardholder_id = \(bind: cardholderID) AND expires_at_ms > \(bind: at.epochMilliseconds)
            """
        ).first(decodingColumn: "sealed", as: String.self)
    }

    public func delete(openingNo: String) async throws {
        try await db.sql.raw("DELETE FROM auto_topup_openings WHERE opening_no = \(bind: openingNo)").run()
    }

    public func purge(before: Date) async throws {
        try await db.sql.raw("DELETE FROM auto_topup_openings WHERE expires_at_ms <= \(bind: before.epochMilliseconds)").run()
    }
}
