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

    /// `address`: the client's, counted against the sign-in limit per address (nil: not known,
    /// in-process); the username's own limit counts every try, and wrong passwords in a row lock it.
    public func signIn(username: String, password: String, from address: String?) async throws -> (staff: StaffMember, token: String) {
        let limits = context.rateLimits
        let now = context.now
        // A name no account can have gets the wrong password's answer, before the database sees
        // it (PostgreSQL refuses a NUL in text with an error).
        let name = try? StaffUsername(entered: username)
        var counters: [RateCounter] = []
        if let address { counters.append(RateCounter(.signIn, per: .address, address, limit: limits.signInPerAddress)) }
        if let name { counters.append(RateCounter(.signIn, per: .username, name.rawValue, limit: limits.signInPerUsername)) }
        try await RateLimiter(context.store).admit(counters, at: now, timeZone: limits.timeZone)
        // No password is this long: refused before the slow hash is run over it.
        guard let name, password.utf8.count <= 256 else { throw CardError.unauthorized }
        let staff = try await StaffStore(context.store.sql).authenticate(
            username: name.rawValue, password: password, at: now, wrongPasswords: limits.staffWrongPasswords, lockout: limits.staffLockout)
        let token = try await context.store.transaction { sql in try await StaffStore(sql).openSession(for: staff, at: now) }
        return (staff, token)
    }

    public func session(token: String) async throws -> StaffMember? {
        try await StaffStore(context.store.sql).session(token: token, at: context.now)
    }

    /// The school a staff member acts in: their own; an operator names one (`?school=CODE`).
    public func school(of staff: StaffMember, named code: String? = nil) async throws -> SchoolRecord {
        guard let schoolID = staff.schoolID else {
            guard let code else {
                throw CardError.invalidField("school", zh: "平台运维请指明学校代码", en: "an operator names the school's code")
            }
            return try await Onboarding(context).school(code, for: .staff(staff))
        }
        guard let school = try await SchoolStore(context.store.sql).find(id: schoolID) else { throw CardError.forbidden }
        return school
    }

    public func signOut(token: String) async throws {
        try await context.store.transaction { sql in try await StaffStore(sql).signOut(token: token) }
    }

    /// Proves the ledger: a school's administrator sees their school's accounts; an operator the whole deployment.
    public func audit(by staff: StaffMember) async throws -> LedgerAudit {
        try staff.require(.audit)
        return try await LedgerAuditor(context.store).audit(schoolID: staff.schoolID)
    }

    /// Administrators change them; contradictory settings are refused whole.
    public func update(_ settings: SchoolSettings, of school: SchoolRecord, by staff: StaffMember) async throws {
        try staff.require(.runSchool, in: school)
        try await context.store.transaction { [now = context.now] sql in
            try await SchoolStore(sql).update(school, settings: settings, actor: "staff:\(staff.username)", at: now)
        }
    }
}
