import CampusCardCore
import CampusCardServices
import CampusCardStore
import Vapor

/// Setting up and running a school over the API: the operator's schools; a school's own
/// campuses, staff accounts, canteens and terminals (an operator names the school: `?school=`).
/// Who may do what is the services' decision (`StaffRole.may`).
struct OnboardingRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let platform = routes.grouped("api", "v1", "platform").grouped(StaffAuthenticator())
        platform.get("schools", use: schools)
        platform.post("schools", use: createSchool)
        let console = routes.grouped("api", "v1", "console").grouped(StaffAuthenticator())
        console.get("school", use: school)
        console.patch("school", use: editSchool)
        console.post("campuses", use: addCampus)
        console.patch("campuses", ":code", use: renameCampus)
        console.get("staff", use: staff)
        console.post("staff", use: addStaff)
        console.patch("staff", ":username", use: changeRole)
        console.post("staff", ":username", "password", use: resetPassword)
        console.post("staff", ":username", "disable", use: disableStaff)
        console.get("merchants", use: merchants)
        console.post("merchants", use: addMerchant)
        console.get("terminals", use: terminals)
        console.post("terminals", use: addTerminal)
        console.post("terminals", ":code", "rekey", use: rekeyTerminal)
        console.post("terminals", ":code", "disable", use: disableTerminal)
    }

    func schools(req: Request) async throws -> [SchoolProfileDTO] {
        try await Onboarding(req.services).schools(for: .staff(try req.staff())).map { SchoolProfileDTO($0) }
    }

    func createSchool(req: Request) async throws -> Response {
        let user = ConsoleUser.staff(try req.staff())
        let dto = try req.content.decode(NewSchoolDTO.self)
        let new = Onboarding.NewSchool(
            code: dto.code, name: dto.name, nameEn: dto.name_en ?? "", timeZone: dto.time_zone ?? "Asia/Shanghai",
            campuses: dto.campuses.map { ($0.code, $0.name) }, administrator: dto.administrator.map { ($0.username, $0.display_name) })
        let (school, administrator) = try await Onboarding(req.services).createSchool(new, by: user)
        let campuses = try await SchoolStore(req.services.store.sql).campuses(of: school.id)
        let answer = NewSchoolAnswerDTO(
            school: SchoolProfileDTO(school, campuses: campuses),
            administrator: administrator.map { IssuedPasswordDTO(staff: StaffDTO($0.member, school: school), password: $0.password) })
        return try await answer.encodeResponse(status: .created, for: req)
    }

    func school(req: Request) async throws -> SchoolProfileDTO {
        let (_, school) = try await req.staffSchool()
        return SchoolProfileDTO(school, campuses: try await SchoolStore(req.services.store.sql).campuses(of: school.id))
    }

    func editSchool(req: Request) async throws -> SchoolProfileDTO {
        let (staff, school) = try await req.staffSchool()
        let dto = try req.content.decode(SchoolEditDTO.self)
        let edited = try await Onboarding(req.services).editSchool(
            school, name: dto.name, nameEn: dto.name_en ?? "", timeZone: dto.time_zone, by: .staff(staff))
        return SchoolProfileDTO(edited, campuses: try await SchoolStore(req.services.store.sql).campuses(of: school.id))
    }

    func addCampus(req: Request) async throws -> Response {
        let (staff, school) = try await req.staffSchool()
        let dto = try req.content.decode(CampusDTO.self)
        try await Onboarding(req.services).addCampus(code: dto.code, name: dto.name, to: school, by: .staff(staff))
        return Response(status: .created)
    }

    func renameCampus(req: Request) async throws -> HTTPStatus {
        let (staff, school) = try await req.staffSchool()
        let dto = try req.content.decode(CampusNameDTO.self)
        try await Onboarding(req.services).renameCampus(code: req.parameters.get("code") ?? "", to: dto.name, in: school, by: .staff(staff))
        return .noContent
    }

    func staff(req: Request) async throws -> [StaffDTO] {
        let (staff, school) = try await req.staffSchool()
        return try await Onboarding(req.services).staff(of: school, for: .staff(staff)).map { StaffDTO($0, school: school) }
    }

    func addStaff(req: Request) async throws -> Response {
        let (staff, school) = try await req.staffSchool()
        let dto = try req.content.decode(NewStaffDTO.self)
        let issued = try await Onboarding(req.services).addStaff(
            username: dto.username, displayName: dto.display_name, role: try StaffRole(schoolRole: dto.role), in: school, by: .staff(staff))
        return try await IssuedPasswordDTO(staff: StaffDTO(issued.member, school: school), password: issued.password)
            .encodeResponse(status: .created, for: req)
    }

    func changeRole(req: Request) async throws -> StaffDTO {
        let (staff, school) = try await req.staffSchool()
        let dto = try req.content.decode(StaffRoleDTO.self)
        let changed = try await Onboarding(req.services).changeRole(
            of: req.parameters.get("username") ?? "", to: try StaffRole(schoolRole: dto.role), in: school, by: .staff(staff))
        return StaffDTO(changed, school: school)
    }

    func resetPassword(req: Request) async throws -> IssuedPasswordDTO {
        let (staff, school) = try await req.staffSchool()
        let issued = try await Onboarding(req.services).resetPassword(
            of: req.parameters.get("username") ?? "", in: school, by: .staff(staff))
        return IssuedPasswordDTO(staff: StaffDTO(issued.member, school: school), password: issued.password)
    }

    func disableStaff(req: Request) async throws -> StaffDTO {
        let (staff, school) = try await req.staffSchool()
        let disabled = try await Onboarding(req.services).disableStaff(req.parameters.get("username") ?? "", in: school, by: .staff(staff))
        return StaffDTO(disabled, school: school)
    }

    func merchants(req: Request) async throws -> [MerchantDTO] {
        let (staff, school) = try await req.staffSchool()
        return try await Onboarding(req.services).merchants(of: school, for: .staff(staff)).map(MerchantDTO.init)
    }

    func addMerchant(req: Request) async throws -> Response {
        let (staff, school) = try await req.staffSchool()
        let dto = try req.content.decode(NewMerchantDTO.self)
        let merchant = try await Onboarding(req.services).addMerchant(
            code: dto.code, name: dto.name, campus: dto.campus, in: school, by: .staff(staff))
        return try await MerchantDTO(merchant).encodeResponse(status: .created, for: req)
    }

    func terminals(req: Request) async throws -> [TerminalDTO] {
        let (staff, school) = try await req.staffSchool()
        return try await Onboarding(req.services).terminals(of: school, for: .staff(staff)).map(TerminalDTO.init)
    }

    func addTerminal(req: Request) async throws -> Response {
        let (staff, school) = try await req.staffSchool()
        let dto = try req.content.decode(NewTerminalDTO.self)
        let issued = try await Onboarding(req.services).addTerminal(code: dto.code, merchant: dto.merchant, in: school, by: .staff(staff))
        return try await IssuedTerminalDTO(issued).encodeResponse(status: .created, for: req)
    }

    func rekeyTerminal(req: Request) async throws -> IssuedTerminalDTO {
        let (staff, school) = try await req.staffSchool()
        return IssuedTerminalDTO(
            try await Onboarding(req.services).rekeyTerminal(req.parameters.get("code") ?? "", in: school, by: .staff(staff)))
    }

    func disableTerminal(req: Request) async throws -> TerminalDTO {
        let (staff, school) = try await req.staffSchool()
        return TerminalDTO(
            try await Onboarding(req.services).disableTerminal(req.parameters.get("code") ?? "", in: school, by: .staff(staff)))
    }
}
