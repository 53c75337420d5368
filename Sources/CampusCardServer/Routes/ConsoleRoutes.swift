import CampusCardCore
import CampusCardServices
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
        let (staff, token) = try await StaffConsole(req.services).signIn(
            username: dto.username, password: dto.password, from: req.clientAddress)
        return SessionDTO(token: token, username: staff.username, display_name: staff.displayName, role: staff.role.rawValue)
    }

    func signOut(req: Request) async throws -> HTTPStatus {
        _ = try req.staff()
        if let bearer = req.headers.bearerAuthorization { try await StaffConsole(req.services).signOut(token: bearer.token) }
        return .noContent
    }

    /// Proves the ledger: every balance equals its entries, everything sums to zero.
    func audit(req: Request) async throws -> AuditDTO {
        AuditDTO(try await StaffConsole(req.services).audit(by: try req.staff()))
    }

    /// The school's settings: every number of the product's rules, with its default where unchanged.
    func settings(req: Request) async throws -> Response {
        let (_, school) = try await req.staffSchool()
        return try await SettingsBody(school.settings).encodeResponse(for: req)
    }

    func updateSettings(req: Request) async throws -> Response {
        let (staff, school) = try await req.staffSchool()
        let settings = try req.content.decode(SettingsBody.self).settings
        try await StaffConsole(req.services).update(settings, of: school, by: staff)
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
