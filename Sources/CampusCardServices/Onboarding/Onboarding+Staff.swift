import CampusCardCore
import CampusCardStore
import Foundation
import SQLKit

/// A school's staff accounts, kept by its administrators (or the operator): staff of one school
/// never see or change another's, and a school always keeps one active administrator.
extension Onboarding {
    /// A new account with a random password, shown once in the answer (`password`: one chosen
    /// instead, as the demo's are).
    public func addStaff(
        username: String, displayName: String, role: StaffRole, in school: SchoolRecord, password: StaffCredential? = nil,
        by user: ConsoleUser
    ) async throws -> IssuedPassword {
        try user.require(.runSchool, in: school)
        guard StaffRole.schoolRoles.contains(role) else { throw CardError.forbidden }
        let (username, name) = (try StaffUsername(entered: username), try DisplayName(displayName, field: "display_name"))
        let credential = if let password { password } else { try await StaffCredential.hashing(.random()) }
        return try await audited("staff_added", school: school.id, subject: username.rawValue, by: user) { [now] sql in
            let member = try await StaffStore(sql).create(
                schoolID: school.id, username: username.rawValue, displayName: name.text, role: role, passwordHash: credential.hash, at: now
            )
            return (IssuedPassword(member: member, password: credential.password.text), ["role": role.rawValue, "display_name": name.text])
        }
    }

    /// An operator of the whole deployment: only from the server's own shell (`campuscard operator add`).
    public func addOperator(username: String, displayName: String, password: StaffCredential? = nil, by user: ConsoleUser) async throws
        -> IssuedPassword
    {
        guard case .shell = user else { throw CardError.forbidden }
        let (username, name) = (try StaffUsername(entered: username), try DisplayName(displayName, field: "display_name"))
        let credential = if let password { password } else { try await StaffCredential.hashing(.random()) }
        return try await audited("operator_added", school: nil, subject: username.rawValue, by: user) { [now] sql in
            let member = try await StaffStore(sql).create(
                schoolID: nil, username: username.rawValue, displayName: name.text, role: .operator, passwordHash: credential.hash, at: now)
            return (IssuedPassword(member: member, password: credential.password.text), ["display_name": name.text])
        }
    }

    public func staff(of school: SchoolRecord, for user: ConsoleUser) async throws -> [StaffMember] {
        try user.require(.read, in: school)
        return try await StaffStore(store.sql).members(schoolID: school.id)
    }

    public func changeRole(of username: String, to role: StaffRole, in school: SchoolRecord, by user: ConsoleUser) async throws
        -> StaffMember
    {
        try user.require(.runSchool, in: school)
        guard StaffRole.schoolRoles.contains(role) else { throw CardError.forbidden }
        return try await changing(username, in: school, action: "staff_role_changed", by: user) { sql, member in
            try await StaffStore(sql).setRole(role, of: member)
            var changed = member
            changed.role = role
            return (changed, ["from": member.role.rawValue, "to": role.rawValue])
        }
    }

    /// A new random password, in the answer once; the account's sessions end.
    public func resetPassword(of username: String, in school: SchoolRecord, by user: ConsoleUser) async throws -> IssuedPassword {
        try user.require(.runSchool, in: school)
        let credential = try await StaffCredential.hashing(.random())
        return try await changing(username, in: school, action: "staff_password_reset", by: user, keepsRole: true) { sql, member in
            try await StaffStore(sql).setPassword(hash: credential.hash, of: member)
            return (IssuedPassword(member: member, password: credential.password.text), [:])
        }
    }

    /// Signs in no more, and is signed out everywhere; the account stays for the audit trail.
    public func disableStaff(_ username: String, in school: SchoolRecord, by user: ConsoleUser) async throws -> StaffMember {
        try user.require(.runSchool, in: school)
        return try await changing(username, in: school, action: "staff_disabled", by: user) { [now] sql, member in
            try await StaffStore(sql).disable(member, at: now)
            var disabled = member
            disabled.disabledAt = now
            return (disabled, [:])
        }
    }

    /// An active account of `school` changed by `body`, in one transaction with its audit record.
    /// Unless `keepsRole`, the change may take an administrator away: refused if it was the last.
    private func changing<T: Sendable>(
        _ username: String, in school: SchoolRecord, action: String, by user: ConsoleUser, keepsRole: Bool = false,
        _ body: @escaping @Sendable (any SQLDatabase, StaffMember) async throws -> (T, detail: [String: String])
    ) async throws -> T {
        try await audited(action, school: school.id, subject: username, by: user) { sql in
            let staff = StaffStore(sql)
            try await staff.lockStaff(ofSchool: school.id)
            guard let member = try await staff.member(username: username), member.schoolID == school.id, member.disabledAt == nil else {
                throw CardError.notFound("staff account \(String(username.prefix(32)))")
            }
            let result = try await body(sql, member)
            if !keepsRole, member.role == .admin, try await staff.activeAdministrators(ofSchool: school.id) == 0 {
                throw CardError.lastAdministrator
            }
            return result
        }
    }
}
