import CampusCardCore
import CampusCardStore
import Foundation

/// The console's own business: staff sign in and out, the ledger's audit, the school's settings.
/// Who may do what is decided here, for the API and the pages alike.
public struct StaffConsole: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    public func signIn(username: String, password: String) async throws -> (staff: StaffMember, token: String) {
        let staff = try await StaffStore(context.store.sql).authenticate(username: username, password: password)
        let now = context.now
        let token = try await context.store.transaction { sql in try await StaffStore(sql).openSession(for: staff, at: now) }
        return (staff, token)
    }

    public func session(token: String) async throws -> StaffMember? {
        try await StaffStore(context.store.sql).session(token: token, at: context.now)
    }

    /// The staff member's school; an operator with no school has none to act in.
    public func school(of staff: StaffMember) async throws -> SchoolRecord {
        guard let schoolID = staff.schoolID, let school = try await SchoolStore(context.store.sql).find(id: schoolID) else {
            throw CardError.forbidden
        }
        return school
    }

    public func signOut(token: String) async throws {
        try await context.store.transaction { sql in try await StaffStore(sql).signOut(token: token) }
    }

    /// Proves the ledger: a school's administrator sees their school's accounts; an operator the whole deployment.
    public func audit(by staff: StaffMember) async throws -> LedgerAudit {
        guard staff.role == .admin || staff.schoolID == nil else { throw CardError.forbidden }
        return try await LedgerAuditor(context.store).audit(schoolID: staff.schoolID)
    }

    /// Administrators change them; contradictory settings are refused whole.
    public func update(_ settings: SchoolSettings, of school: SchoolRecord, by staff: StaffMember) async throws {
        guard staff.role == .admin else { throw CardError.forbidden }
        try await context.store.transaction { [now = context.now] sql in
            try await SchoolStore(sql).update(school, settings: settings, actor: "staff:\(staff.username)", at: now)
        }
    }
}
