import CampusCardCore
import CampusCardServices
import CampusCardStore
import Vapor

extension StaffMember: Authenticatable {}

/// `Authorization: Bearer <token>` from `POST /api/v1/console/sessions`.
struct StaffAuthenticator: AsyncBearerAuthenticator {
    func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
        if let staff = try await StaffConsole(request.services).session(token: bearer.token) {
            request.auth.login(staff)
        }
    }
}

extension Request {
    /// The signed-in staff member holding `role` (an operator with no school may do anything).
    func staff(_ role: StaffRole? = nil) throws -> StaffMember {
        guard let staff = auth.get(StaffMember.self) else { throw CardError.unauthorized }
        if let role, staff.role != role, staff.schoolID != nil { throw CardError.forbidden }
        return staff
    }
}
