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
}
