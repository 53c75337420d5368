import CampusCardCore
import Foundation
import SQLKit

public enum StaffRole: String, Codable, Sendable, CaseIterable {
    /// 信息化办公室: settings, windows, staff accounts, reconciliation, audit.
    case admin
    /// 校园卡服务中心: roster corrections, refunds, payouts, lost cards.
    case clerk
}

public struct StaffMember: Sendable, Equatable {
    public var id: Int64
    /// nil for an operator of the whole deployment.
    public var schoolID: Int64?
    public var username: String
    public var displayName: String
    public var role: StaffRole
}

/// Staff accounts and their sign-in sessions (`SessionToken`s).
public struct StaffStore: Sendable {
    let sql: any SQLDatabase

    public init(_ sql: any SQLDatabase) {
        self.sql = sql
    }

    public func create(schoolID: Int64?, username: String, displayName: String, role: StaffRole, password: String, at: Date) async throws
        -> StaffMember
    {
        guard
            let id = try await sql.raw(
                """
                INSERT INTO staff (school_id, username, display_name, role, password_hash, created_at_ms)
                VALUES (\(bind: schoolID), \(bind: username), \(bind: displayName), \(bind: role.rawValue), \(bind: try PasswordHasher.hash(password)), \(bind: at.epochMilliseconds))
                RETURNING id
                """
            ).first(decodingColumn: "id", as: Int64.self)
        else { throw CardError.internalError }
        return StaffMember(id: id, schoolID: schoolID, username: username, displayName: displayName, role: role)
    }

    /// The staff member whose password this is; the same refusal whether the name or the
    /// password was wrong. Reads only: call it outside the transaction that opens the session.
    public func authenticate(username: String, password: String) async throws -> StaffMember {
        guard
            let row = try await sql.raw(
                """
                SELECT id, school_id, username, display_name, role, password_hash FROM staff WHERE username = \(bind: username)
                """
            ).first(),
            try await PasswordHasher.verifyOffLoop(password, against: try row.decode(column: "password_hash", as: String.self))
        else { throw CardError.unauthorized }
        return try Self.member(row)
    }

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
            SELECT s.id, s.school_id, s.username, s.display_name, s.role FROM staff_sessions x JOIN staff s ON s.id = x.staff_id
            WHERE x.token_hash = \(bind: SessionToken.digest(token)) AND x.expires_at_ms > \(bind: at.epochMilliseconds)
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
            role: StaffRole(rawValue: try row.decode(column: "role", as: String.self)) ?? .clerk)
    }
}
