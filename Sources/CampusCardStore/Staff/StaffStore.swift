import CampusCardCore
import Foundation
import SQLKit

public struct StaffMember: Sendable, Equatable {
    public var id: Int64
    /// nil for an operator of the whole deployment.
    public var schoolID: Int64?
    public var username: String
    public var displayName: String
    public var role: StaffRole
    /// Since when the account may not sign in; nil while it may.
    public var disabledAt: Date?

    public init(id: Int64, schoolID: Int64?, username: String, displayName: String, role: StaffRole, disabledAt: Date? = nil) {
        (self.id, self.schoolID, self.username, self.displayName, self.role, self.disabledAt) = (
            id, schoolID, username, displayName, role, disabledAt
        )
    }

    /// How the audit log names them.
    public var actor: String { "staff:\(username)" }
}

/// Staff accounts and their sign-in sessions (`SessionToken`s). A disabled account keeps its row
/// (the audit trail names it) but signs in no more, and its sessions end with it.
public struct StaffStore: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) {
        self.sql = sql
    }

    /// `passwordHash`: from `PasswordHasher`, made before the transaction (scrypt's tens of
    /// milliseconds must not hold SQLite's write lock).
    public func create(schoolID: Int64?, username: String, displayName: String, role: StaffRole, passwordHash: String, at: Date)
        async throws -> StaffMember
    {
        guard
            let id = try await sql.raw(
                """
                INSERT INTO staff (school_id, username, display_name, role, password_hash, created_at_ms)
                VALUES (\(bind: schoolID), \(bind: username), \(bind: displayName), \(bind: role.rawValue), \(bind: passwordHash), \(bind: at.epochMilliseconds))
                ON CONFLICT DO NOTHING RETURNING id
                """
            ).first(decodingColumn: "id", as: Int64.self)
        else { throw CardError.alreadyExists(zh: "用户名", en: "username", name: username) }
        return StaffMember(id: id, schoolID: schoolID, username: username, displayName: displayName, role: role)
    }

    static let columns = "s.id, s.school_id, s.username, s.display_name, s.role, s.disabled_at_ms"

    public func member(username: String) async throws -> StaffMember? {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM staff s WHERE s.username = \(bind: username)").first().map(Self.member)
    }

    public func member(id: Int64) async throws -> StaffMember? {
        try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM staff s WHERE s.id = \(bind: id)").first().map(Self.member)
    }

    /// A school's staff, or with nil the platform's operators; by name.
    public func members(schoolID: Int64?) async throws -> [StaffMember] {
        let filter: SQLQueryString = schoolID.map { "s.school_id = \(bind: $0)" } ?? "s.school_id IS NULL"
        return try await sql.raw("SELECT \(unsafeRaw: Self.columns) FROM staff s WHERE \(filter) ORDER BY s.username").all().map(
            Self.member)
    }

    /// Holds the school's staff list still until the transaction ends (on PostgreSQL by its
    /// school's row; SQLite's transactions take the write lock as they begin), so two
    /// administrators removing each other at once cannot leave the school with none.
    public func lockStaff(ofSchool schoolID: Int64) async throws {
        guard sql.dialect.name != "sqlite" else { return }
        try await sql.raw("SELECT id FROM schools WHERE id = \(bind: schoolID) FOR UPDATE").run()
    }

    public func activeAdministrators(ofSchool schoolID: Int64) async throws -> Int {
        try await sql.raw(
            """
            SELECT COUNT(*) AS n FROM staff WHERE school_id = \(bind: schoolID) AND role = \(bind: StaffRole.admin.rawValue) AND disabled_at_ms IS NULL
            """
        ).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    public func setRole(_ role: StaffRole, of member: StaffMember) async throws {
        try await sql.raw("UPDATE staff SET role = \(bind: role.rawValue) WHERE id = \(bind: member.id)").run()
    }

    /// A new password; every session of the account ends (whoever knew the old one is signed out)
    /// and a lock after wrong passwords is lifted.
    public func setPassword(hash: String, of member: StaffMember) async throws {
        try await sql.raw(
            """
            UPDATE staff SET password_hash = \(bind: hash), wrong_passwords = 0, locked_until_ms = NULL
            WHERE id = \(bind: member.id)
            """
        ).run()
        try await sql.raw("DELETE FROM staff_sessions WHERE staff_id = \(bind: member.id)").run()
    }

    public func disable(_ member: StaffMember, at: Date) async throws {
        try await sql.raw("UPDATE staff SET disabled_at_ms = \(bind: at.epochMilliseconds) WHERE id = \(bind: member.id)").run()
        try await sql.raw("DELETE FROM staff_sessions WHERE staff_id = \(bind: member.id)").run()
    }

    /// The staff member whose password this is; the same refusal whether the name or the
    /// password was wrong. `wrongPasswords` in a row lock the account for `lockout` (answered
    /// with until when, even to the right password); the right one starts the count again. Call
    /// it outside the transaction that opens the session: the password check takes a while.
    public func authenticate(username: String, password: String, at: Date, wrongPasswords: Int, lockout: TimeInterval) async throws
        -> StaffMember
    {
        guard
            let row = try await sql.raw(
                """
                SELECT \(unsafeRaw: Self.columns), s.password_hash, s.wrong_passwords, s.locked_until_ms, sc.time_zone
                FROM staff s LEFT JOIN schools sc ON sc.id = s.school_id
                WHERE s.username = \(bind: username) AND s.disabled_at_ms IS NULL
                """
            ).first()
        else { throw CardError.unauthorized }
        let member = try Self.member(row)
        let timeZone = try row.decode(column: "time_zone", as: String?.self).flatMap(TimeZone.init(identifier:)) ?? Self.operatorsTimeZone
        if let lockedUntil = try row.decode(column: "locked_until_ms", as: Int64?.self), lockedUntil > at.epochMilliseconds {
            throw CardError.staffSignInLocked(
                until: Date(epochMilliseconds: lockedUntil), at: at, wrongPasswords: wrongPasswords, timeZone: timeZone)
        }
        guard try await PasswordHasher.verifyOffLoop(password, against: try row.decode(column: "password_hash", as: String.self)) else {
            let lockUntil = at.addingTimeInterval(lockout)
            // One statement: wrong passwords sent at once each count.
            let locked = try await sql.raw(
                """
                UPDATE staff SET
                  locked_until_ms = CASE WHEN wrong_passwords + 1 >= \(bind: wrongPasswords) THEN \(bind: lockUntil.epochMilliseconds) ELSE locked_until_ms END,
                  wrong_passwords = CASE WHEN wrong_passwords + 1 >= \(bind: wrongPasswords) THEN 0 ELSE wrong_passwords + 1 END
                WHERE id = \(bind: member.id) RETURNING locked_until_ms
                """
            ).first(decodingColumn: "locked_until_ms", as: Int64?.self)
            guard locked == lockUntil.epochMilliseconds else { throw CardError.unauthorized }
            throw CardError.staffSignInLocked(until: lockUntil, at: at, wrongPasswords: wrongPasswords, timeZone: timeZone)
        }
        if try row.decode(column: "wrong_passwords", as: Int64.self) > 0 {
            try await sql.raw("UPDATE staff SET wrong_passwords = 0 WHERE id = \(bind: member.id)").run()
        }
        return member
    }

    /// Where an operator's lock is told in (they have no school): the deployment's country.
    static let operatorsTimeZone = TimeZone(identifier: "Asia/Shanghai")!

    /// A new random session token for `staff`, valid for `lifetime`.
    public func openSession(for staff: StaffMember, at: Date, lifetime: TimeInterval = 8 * 3600) async throws -> String {
        let token = SessionToken.random()
        try await sql.raw(
            """
            INSERT INTO staff_sessions (token_hash, staff_id, expires_at_ms, created_at_ms)
            VALUES (\(bind: SessionToken.digest(token)), \(bind: staff.id), \(bind: at.addingTimeInterval(lifetime).epochMilliseconds), \(bind: at.epochMilliseconds))
            """
        ).run()
        return token
    }

    public func session(token: String, at: Date) async throws -> StaffMember? {
        try await sql.raw(
            """
            SELECT \(unsafeRaw: Self.columns) FROM staff_sessions x JOIN staff s ON s.id = x.staff_id
            WHERE x.token_hash = \(bind: SessionToken.digest(token)) AND x.expires_at_ms > \(bind: at.epochMilliseconds) AND s.disabled_at_ms IS NULL
            """
        ).first().map(Self.member)
    }

    public func signOut(token: String) async throws {
        try await sql.raw("DELETE FROM staff_sessions WHERE token_hash = \(bind: SessionToken.digest(token))").run()
    }

    private static func member(_ row: any SQLRow) throws -> StaffMember {
        StaffMember(
            id: try row.decode(column: "id", as: Int64.self),
            schoolID: try row.decode(column: "school_id", as: Int64?.self),
            username: try row.decode(column: "username", as: String.self),
            displayName: try row.decode(column: "display_name", as: String.self),
            role: StaffRole(rawValue: try row.decode(column: "role", as: String.self)) ?? .auditor,
            disabledAt: try row.decode(column: "disabled_at_ms", as: Int64?.self).map(Date.init(epochMilliseconds:)))
    }
}
