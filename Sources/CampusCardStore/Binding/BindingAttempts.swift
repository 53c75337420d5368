import CampusCardCore
import Foundation
import SQLKit

/// Counts binding and verification attempts per channel identity and per card in the database,
/// so every server process sees the same count.
public struct BindingAttempts: Sendable {
    let db: StoreDatabase

    public init(_ db: StoreDatabase) {
        self.db = db
    }

    /// Records one attempt on `card` under each subject, or refuses it (recording nothing) when a
    /// subject has used up `limit` in its window; the refusal says which limit and when the oldest
    /// attempt leaves it.
    public func admit(_ subjects: [String], card: String, limit: AttemptLimit = .binding, at: Date) async throws {
        let windowStart = at.addingTimeInterval(-limit.window).epochMilliseconds
        try await db.transaction { sql in
            for subject in subjects {
                let recent = try await sql.raw(
                    """
                    SELECT at_ms FROM binding_attempts WHERE subject = \(bind: subject) AND at_ms > \(bind: windowStart)
                    ORDER BY at_ms LIMIT \(unsafeRaw: String(limit.attempts))
                    """
                ).all(decodingColumn: "at_ms", as: Int64.self)
                if recent.count >= limit.attempts, let oldest = recent.first {
                    let freeAt = oldest + Int64(limit.window * 1000)
                    throw CardError.tooManyAttempts(
                        retryAfterSeconds: Int((freeAt - at.epochMilliseconds + 999) / 1000), onCard: subject == card, limit: limit,
                        freeAt: Date(epochMilliseconds: freeAt))
                }
            }
            for subject in subjects {
                try await sql.raw(
                    "INSERT INTO binding_attempts (subject, card, at_ms) VALUES (\(bind: subject), \(bind: card), \(bind: at.epochMilliseconds))"
                ).run()
            }
        }
    }

    /// Forgets attempts that have left every window.
    public func purge(before: Date) async throws {
        try await db.sql.raw("DELETE FROM binding_attempts WHERE at_ms < \(bind: before.epochMilliseconds)").run()
    }

    /// Forgets every attempt made on `card`, under any subject: what the counter's unlock lifts.
    func forget(card: String, on sql: any SQLDatabase) async throws {
        try await sql.raw("DELETE FROM binding_attempts WHERE subject = \(bind: card) OR card = \(bind: card)").run()
    }

    public static func cardSubject(schoolID: Int64, staffNumber: StaffNumber) -> String {
        cardSubject(schoolID: schoolID, staffNumber: staffNumber.rawValue)
    }

    static func cardSubject(schoolID: Int64, staffNumber: String) -> String { "card:\(schoolID):\(staffNumber)" }
}
