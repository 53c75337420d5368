import CampusCardCore
import Foundation
import SQLKit

/// The cardholder's payment password: one per cardholder, shared by every channel they bound,
/// stored only as a scrypt hash.
public struct PaymentPasswords: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) {
        self.sql = sql
    }

    public func storedHash(of cardholderID: Int64) async throws -> String? {
        try await sql.raw("SELECT password_hash FROM payment_passwords WHERE cardholder_id = \(bind: cardholderID)")
            .first(decodingColumn: "password_hash", as: String.self)
    }

    /// Sets the first password; a concurrent first binding that set one already keeps its own.
    func setIfAbsent(_ hash: String, for cardholderID: Int64, at: Date) async throws {
        try await sql.raw(
            """
            INSERT INTO payment_passwords (cardholder_id, password_hash, set_at_ms) VALUES (\(bind: cardholderID), \(bind: hash), \(bind: at.epochMilliseconds))
            ON CONFLICT (cardholder_id) DO NOTHING
            """
        ).run()
    }
}
