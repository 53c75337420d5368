import CampusCardCore
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
        let correction = RosterCorrections.Correction(
            name: try dto.name.map { try RealName($0) },
            campus: try dto.campus.map { text in
                guard let campus = CampusCode(rawValue: text) else { throw CardError.unknownCampus(String(text.prefix(32))) }
                return campus
            },
            passport: try dto.passport_number.map { try PassportNumber($0) })
        try await RosterCorrections(req.store).correct(
            correction, school: school, staffNumber: try staffNumber(req, school), actor: "staff:\(staff.username)", at: req.now)
        return .noContent
    }

    func unlock(req: Request) async throws -> HTTPStatus {
        let (staff, school) = try await req.staffSchool()
        try await RosterCorrections(req.store).unlockPhoneAccess(
            school: school, staffNumber: try staffNumber(req, school), actor: "staff:\(staff.username)", at: req.now)
        return .noContent
    }

    private func staffNumber(_ req: Request, _ school: SchoolRecord) throws -> StaffNumber {
        try StaffNumber(req.parameters.get("staff_number") ?? "", digits: school.settings.staffNumberDigits)
    }
}
