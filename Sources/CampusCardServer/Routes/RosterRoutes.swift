import CampusCardCore
import CampusCardServices
import CampusCardStore
import Vapor

/// Roster data at the service center's counter: correcting a name or campus, registering an
/// international student's passport, lifting a phone lock. Logged with the clerk and the time;
/// the next request of a cardholder sees the change.
struct RosterRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let cardholder = routes.grouped("api", "v1", "console", "cardholders", ":staff_number").grouped(StaffAuthenticator())
        cardholder.patch(use: correct)
        cardholder.delete("phone-lock", use: unlock)
    }

    func correct(req: Request) async throws -> HTTPStatus {
        let (staff, school) = try await req.staffSchool()
        let dto = try req.content.decode(RosterCorrectionDTO.self)
        try await RosterDesk(req.services).correct(
            staffNumber: req.parameters.get("staff_number") ?? "", name: dto.name, campus: dto.campus, passport: dto.passport_number,
            by: staff, school: school)
        return .noContent
    }

    func unlock(req: Request) async throws -> HTTPStatus {
        let (staff, school) = try await req.staffSchool()
        try await RosterDesk(req.services).unlockPhoneAccess(
            staffNumber: req.parameters.get("staff_number") ?? "", by: staff, school: school)
        return .noContent
    }
}
