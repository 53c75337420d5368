import CampusCardCore
import CampusCardStore
import Vapor

/// The web console's API for service-center staff and administrators.
struct ConsoleRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let console = routes.grouped("api", "v1", "console")
        console.post("sessions", use: signIn)
        let signedIn = console.grouped(StaffAuthenticator())
        signedIn.delete("sessions", use: signOut)
        signedIn.get("audit", use: audit)
        signedIn.get("settings", use: settings)
        signedIn.put("settings", use: updateSettings)
    }

    func signIn(req: Request) async throws -> SessionDTO {
        let dto = try req.content.decode(SignInDTO.self)
        let staff = try await StaffStore(req.store.sql).authenticate(username: dto.username, password: dto.password)
        let now = req.now
        let token = try await req.store.transaction { sql in try await StaffStore(sql).openSession(for: staff, at: now) }
        return SessionDTO(token: token, username: staff.username, display_name: staff.displayName, role: staff.role.rawValue)
    }

    func signOut(req: Request) async throws -> HTTPStatus {
        _ = try req.staff()
        if let bearer = req.headers.bearerAuthorization {
            try await req.store.transaction { sql in try await StaffStore(sql).signOut(token: bearer.token) }
        }
        return .noContent
    }

    /// Proves the ledger: every balance equals its entries, everything sums to zero. A school's
    /// administrator sees their school's accounts; an operator the whole deployment.
    func audit(req: Request) async throws -> AuditDTO {
        let staff = try req.staff(.admin)
        return AuditDTO(try await LedgerAuditor(req.store).audit(schoolID: staff.schoolID))
    }

    /// The school's settings: every number of the product's rules, with its default where unchanged.
    func settings(req: Request) async throws -> Response {
        let (_, school) = try await req.staffSchool()
        return try await SettingsBody(school.settings).encodeResponse(for: req)
    }

    /// Administrators change them; contradictory settings are refused whole.
    func updateSettings(req: Request) async throws -> Response {
        let (staff, school) = try await req.staffSchool()
        guard staff.role == .admin else { throw CardError.forbidden }
        let settings = try req.content.decode(SettingsBody.self).settings
        let now = req.now
        try await req.store.transaction { sql in
            try await SchoolStore(sql).update(school, settings: settings, actor: "staff:\(staff.username)", at: now)
        }
        return try await SettingsBody(settings).encodeResponse(for: req)
    }
}

/// Settings travel as the core encodes them (snake_case, money in fen).
private struct SettingsBody: Content {
    var settings: SchoolSettings

    init(_ settings: SchoolSettings) {
        self.settings = settings
    }

    init(from decoder: any Decoder) throws {
        settings = try SchoolSettings(from: decoder)
    }

    func encode(to encoder: any Encoder) throws {
        try settings.encode(to: encoder)
    }
}
