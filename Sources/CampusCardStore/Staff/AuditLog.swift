import Foundation
import SQLKit

/// Who changed what and when: every staff or operator action on the roster and settings.
public struct AuditLog: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) {
        self.sql = sql
    }

    public func record(schoolID: Int64?, actor: String, action: String, subject: String, detail: [String: String], at: Date) async throws {
        let detailJSON = String(decoding: try JSONEncoder().encode(detail), as: UTF8.self)
        try await sql.raw(
            """
            INSERT INTO audit_log (school_id, actor, action, subject, detail, at_ms)
            VALUES (\(bind: schoolID), \(bind: actor), \(bind: action), \(bind: subject), \(bind: detailJSON), \(bind: at.epochMilliseconds))
            """
        ).run()
    }
}
