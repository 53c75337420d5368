import CampusCardCore
import Foundation
import SQLKit

public struct MerchantDay: Sendable, Equatable {
    public var merchantCode: String
    public var merchantName: String
    public var spends: Int
    public var voids: Int
    /// What the merchant is owed for the day: spends less voids.
    public var net: Money
}

/// Each canteen's and shop's day, in the school's calendar.
public struct MerchantDayReport: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) {
        self.sql = sql
    }

    public func day(_ date: LocalDate, school: SchoolRecord) async throws -> [MerchantDay] {
        let from = date.start(in: school.timeZone).epochMilliseconds
        let until = date.addingDays(1).start(in: school.timeZone).epochMilliseconds
        return try await sql.raw(
            """
            SELECT m.code, m.name,
                COUNT(CASE WHEN t.kind = 'spend' THEN 1 END) AS spends, COUNT(CASE WHEN t.kind = 'void' THEN 1 END) AS voids,
                CAST(COALESCE(SUM(e.amount), 0) AS BIGINT) AS net
            FROM merchants m
            LEFT JOIN entries e ON e.account_id = m.account_id AND e.at_ms >= \(bind: from) AND e.at_ms < \(bind: until)
            LEFT JOIN transfers t ON t.id = e.transfer_id
            WHERE m.school_id = \(bind: school.id)
            GROUP BY m.code, m.name ORDER BY m.code
            """
        ).all().map { row in
            MerchantDay(
                merchantCode: try row.decode(column: "code", as: String.self),
                merchantName: try row.decode(column: "name", as: String.self),
                spends: try row.decode(column: "spends", as: Int.self), voids: try row.decode(column: "voids", as: Int.self),
                net: Money(fen: try row.decode(column: "net", as: Int64.self)))
        }
    }
}
