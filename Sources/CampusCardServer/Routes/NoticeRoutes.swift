import CampusCardCore
import CampusCardServices
import CampusCardStore
import Vapor

/// Service windows and announcements: administrators publish them in the console; the
/// cardholders' pages read the current announcements of their school.
struct NoticeRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let console = routes.grouped("api", "v1", "console").grouped(StaffAuthenticator())
        for kind in [ServiceNotices.Kind.maintenanceWindow, .announcement] {
            let path = PathComponent(stringLiteral: Self.path(kind))
            console.get(path) { try await list(req: $0, kind) }
            console.post(path) { try await create(req: $0, kind) }
            console.delete(path, ":id") { try await delete(req: $0, kind) }
        }
        routes.get("api", "v1", "h5", "schools", ":school", "announcements", use: current)
    }

    static func path(_ kind: ServiceNotices.Kind) -> String {
        kind == .maintenanceWindow ? "maintenance-windows" : "announcements"
    }

    func list(req: Request, _ kind: ServiceNotices.Kind) async throws -> [ServiceNoticeDTO] {
        let (_, school) = try await req.staffSchool()
        return try await ServiceNoticeBoard(req.services, kind).upcoming(school: school).map(ServiceNoticeDTO.init)
    }

    func create(req: Request, _ kind: ServiceNotices.Kind) async throws -> Response {
        let (staff, school) = try await req.staffSchool()
        let dto = try req.content.decode(NewServiceNoticeDTO.self)
        let notice = try await ServiceNoticeBoard(req.services, kind).publish(
            title: dto.title, body: dto.body ?? "", startsAt: dto.starts_at, endsAt: dto.ends_at, by: staff, school: school)
        let response = Response(status: .created)
        try response.content.encode(ServiceNoticeDTO(notice))
        return response
    }

    func delete(req: Request, _ kind: ServiceNotices.Kind) async throws -> HTTPStatus {
        let (staff, school) = try await req.staffSchool()
        try await ServiceNoticeBoard(req.services, kind).withdraw(req.parameters.get("id", as: Int64.self), by: staff, school: school)
        return .noContent
    }

    /// The school's announcements in force, and the service window if one is on.
    func current(req: Request) async throws -> CurrentNoticesDTO {
        let (announcements, maintenance) = try await ServiceNoticeBoard.current(req.services, school: req.parameters.get("school"))
        return CurrentNoticesDTO(
            announcements: announcements.map(ServiceNoticeDTO.init), maintenance: maintenance.map(ServiceNoticeDTO.init))
    }
}

struct NewServiceNoticeDTO: Content {
    var title: String
    var body: String?
    var starts_at: Date
    var ends_at: Date
}

struct ServiceNoticeDTO: Content {
    var id: Int64
    var title: String
    var body: String
    var starts_at: Date
    var ends_at: Date

    init(_ notice: ServiceNotice) {
        (id, title, body, starts_at, ends_at) = (notice.id, notice.title, notice.body, notice.startsAt, notice.endsAt)
    }
}

struct CurrentNoticesDTO: Content {
    var announcements: [ServiceNoticeDTO]
    /// Service windows on now or to come: the pages publish the service hours.
    var maintenance: [ServiceNoticeDTO]
}
