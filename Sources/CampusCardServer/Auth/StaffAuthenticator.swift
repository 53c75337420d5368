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
    /// The signed-in staff member (what they may do is the services' to decide).
    func staff() throws -> StaffMember {
        guard let staff = auth.get(StaffMember.self) else { throw CardError.unauthorized }
        return staff
    }
}
