import CampusCardCore
import Foundation
import SQLKit

/// What one canteen or shop took in a span: its spends, the spends voided, and what is left.
public struct MerchantTaking: Sendable, Equatable {
    public var code: String
    public var name: String
    public var spends: Int
    public var spent: Money
    public var voided: Money
    public var net: Money { spent - voided }

    public init(code: String, name: String, spends: Int, spent: Money, voided: Money) {
        (self.code, self.name, self.spends, self.spent, self.voided) = (code, name, spends, spent, voided)
    }
}

/// Each merchant's takings of a school in a span, from the ledger's entries on its account
/// (every merchant, those who took nothing too), by code.
public struct MerchantTakings: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) {
        self.sql = sql
    }

    public func takings(schoolID: Int64, from: Date, until: Date) async throws -> [MerchantTaking] {
        let (start, end) = (from.epochMilliseconds, until.epochMilliseconds)
        return try await sql.raw(
            """
            SELECT m.code, m.name,
              CAST(COALESCE(SUM(CASE WHEN t.kind = 'spend' THEN 1 ELSE 0 END), 0) AS BIGINT) AS spends,
              CAST(COALESCE(SUM(CASE WHEN t.kind = 'spend' THEN e.amount ELSE 0 END), 0) AS BIGINT) AS spent,
              CAST(COALESCE(SUM(CASE WHEN t.kind = 'void' THEN -e.amount ELSE 0 END), 0) AS BIGINT) AS voided
            FROM merchants m
            LEFT JOIN entries e ON e.account_id = m.account_id AND e.at_ms >= \(bind: start) AND e.at_ms < \(bind: end)
            LEFT JOIN transfers t ON t.id = e.transfer_id AND t.kind IN ('spend', 'void')
            WHERE m.school_id = \(bind: schoolID)
            GROUP BY m.id, m.code, m.name ORDER BY m.code
            """
        ).all().map { row in
            MerchantTaking(
                code: try row.decode(column: "code", as: String.self), name: try row.decode(column: "name", as: String.self),
                spends: Int(try row.decode(column: "spends", as: Int64.self)),
                spent: Money(fen: try row.decode(column: "spent", as: Int64.self)),
                voided: Money(fen: try row.decode(column: "voided", as: Int64.self)))
        }
    }
}
