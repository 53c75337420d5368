import CampusCardCore
import Foundation
import SQLKit

public struct FreezingCardholder: Sendable, Equatable {
    public var staffNumber: String
    public var name: String
    public var leaveDate: LocalDate
    public var freezeDate: LocalDate
    public var balance: Money

    public init(staffNumber: String, name: String, leaveDate: LocalDate, freezeDate: LocalDate, balance: Money) {
        (self.staffNumber, self.name, self.leaveDate, self.freezeDate, self.balance) = (staffNumber, name, leaveDate, freezeDate, balance)
    }
}

/// Rule 5: each school's leavers are frozen on the day their freeze date arrives in the school's
/// own time zone: purse, cards and cardholder together. Running it again, or in several
/// processes, freezes nobody twice.
public struct GraduateFreezer: Sendable {
    let db: StoreDatabase

    public init(_ db: StoreDatabase) {
        self.db = db
    }

    /// Returns how many cardholders were frozen now.
    @discardableResult
    public func run(now: Date) async throws -> Int {
        var frozen = 0
        for school in try await SchoolStore(db.sql).all() {
            let cutoff = GraduateFreeze(settings: school.settings).latestLeaveDateFrozen(on: LocalDate(now, in: school.timeZone))
                .description
            frozen += try await db.transaction { sql in
                let due: SQLQueryString = """
                    SELECT id FROM cardholders WHERE school_id = \(bind: school.id) AND status = 'active' AND leave_date IS NOT NULL AND leave_date <= \(bind: cutoff)
                    """
                let purses: SQLQueryString = "SELECT purse_account_id FROM cardholders WHERE id IN (\(due))"
                // The purses in account order first, as the spend batch takes them, so the two never deadlock.
                if !db.isSQLite {
                    try await sql.raw("SELECT id FROM accounts WHERE id IN (\(purses)) ORDER BY id FOR NO KEY UPDATE").run()
                }
                try await sql.raw("UPDATE accounts SET status = 'frozen' WHERE id IN (\(purses))").run()
                try await sql.raw("UPDATE cards SET status = 'frozen' WHERE status IN ('active', 'lost') AND cardholder_id IN (\(due))")
                    .run()
                let ids = try await sql.raw(
                    """
                    UPDATE cardholders SET status = 'frozen', updated_at_ms = \(bind: now.epochMilliseconds) WHERE id IN (\(due)) RETURNING staff_number
                    """
                ).all(decodingColumn: "staff_number", as: String.self)
                for staffNumber in ids {
                    try await AuditLog(sql).record(
                        schoolID: school.id, actor: "system", action: "graduate_frozen", subject: staffNumber,
                        detail: ["cutoff_leave_date": cutoff], at: now)
                }
                return ids.count
            }
        }
        return frozen
    }

    /// Who in the school freezes within `days` from today, with what is left in their purse:
    /// the list the service center works through before the deadline.
    public func upcoming(school: SchoolRecord, now: Date, within days: Int) async throws -> [FreezingCardholder] {
        try await leavers(school: school, where: upcomingCondition(school: school, now: now, within: days), limit: nil, offset: 0)
    }

    /// A page of `list`, soonest to freeze (or longest frozen) first, then by 学工号.
    public func page(_ list: GraduateList, school: SchoolRecord, now: Date, limit: Int, offset: Int) async throws -> [FreezingCardholder] {
        let condition: SQLQueryString =
            if let days = list.days {
                upcomingCondition(school: school, now: now, within: days)
            } else {
                "c.status = 'frozen' AND a.balance > 0 AND c.leave_date IS NOT NULL"
            }
        return try await leavers(school: school, where: condition, limit: limit, offset: offset)
    }

    private func upcomingCondition(school: SchoolRecord, now: Date, within days: Int) -> SQLQueryString {
        let today = LocalDate(now, in: school.timeZone)
        let latest = GraduateFreeze(settings: school.settings).latestLeaveDateFrozen(on: today.addingDays(days)).description
        return "c.status = 'active' AND c.leave_date IS NOT NULL AND c.leave_date <= \(bind: latest)"
    }

    private func leavers(school: SchoolRecord, where condition: SQLQueryString, limit: Int?, offset: Int) async throws
        -> [FreezingCardholder]
    {
        let rule = GraduateFreeze(settings: school.settings)
        let page: SQLQueryString = limit.map { "LIMIT \(bind: $0) OFFSET \(bind: offset)" } ?? ""
        return try await db.sql.raw(
            """
            SELECT c.staff_number, c.name, c.leave_date, a.balance FROM cardholders c JOIN accounts a ON a.id = c.purse_account_id
            WHERE c.school_id = \(bind: school.id) AND \(condition)
            ORDER BY c.leave_date, c.staff_number \(page)
            """
        ).all().compactMap { row in
            guard let leaveDate = LocalDate(try row.decode(column: "leave_date", as: String.self)) else { return nil }
            return FreezingCardholder(
                staffNumber: try row.decode(column: "staff_number", as: String.self), name: try row.decode(column: "name", as: String.self),
                leaveDate: leaveDate, freezeDate: rule.freezeDate(leftOn: leaveDate),
                balance: Money(fen: try row.decode(column: "balance", as: Int64.self)))
        }
    }

    /// A late graduate stays longer: a new leave date, while the account is still active.
    public func extendLeaveDate(school: SchoolRecord, staffNumber: String, to date: LocalDate, actor: String, at: Date) async throws {
        try await db.transaction { sql in
            let updated = try await sql.raw(
                """
                UPDATE cardholders SET leave_date = \(bind: date.description), updated_at_ms = \(bind: at.epochMilliseconds)
                WHERE school_id = \(bind: school.id) AND staff_number = \(bind: staffNumber) AND status = 'active' RETURNING id
                """
            ).first()
            guard updated != nil else { throw CardError.notFound("active cardholder \(staffNumber)") }
            try await AuditLog(sql).record(
                schoolID: school.id, actor: actor, action: "leave_date_extended", subject: staffNumber,
                detail: ["leave_date": date.description], at: at)
        }
    }
}
