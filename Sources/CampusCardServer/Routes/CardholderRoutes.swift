import CampusCardCore
import CampusCardServices
import CampusCardStore
import Vapor

/// The cardholder's way in (H5 pages inside a channel): the schools and campuses to choose from,
/// and the session the channel's word opens.
struct CardholderRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let h5 = routes.grouped("api", "v1", "h5")
        h5.get("schools", use: schools)
        h5.post("sessions", use: openSession)
        h5.grouped(CardholderAuthenticator()).delete("sessions", use: closeSession)
    }

    /// Every school with its campuses named in full, so a student can tell 主校区 from 东校区.
    func schools(req: Request) async throws -> [SchoolDTO] {
        try await CardholderAccess(req.services).schools().map { school, campuses in
            SchoolDTO(
                code: school.code.rawValue, name: school.name, campuses: campuses.map { CampusDTO(code: $0.code.rawValue, name: $0.name) })
        }
    }

    func openSession(req: Request) async throws -> CardholderSessionDTO {
        let dto = try req.content.decode(OpenCardholderSessionDTO.self)
        let opened = try await CardholderAccess(req.services).signIn(channel: dto.channel, authCode: dto.auth_code, device: dto.device_id)
        return CardholderSessionDTO(
            token: opened.token, expires_at: opened.expiresAt, channel: opened.identity.channel.rawValue, device_id: opened.device.rawValue,
            bindings: opened.bindings.map(BindingDTO.init))
    }

    func closeSession(req: Request) async throws -> HTTPStatus {
        _ = try req.cardholder()
        if let bearer = req.headers.bearerAuthorization { try await CardholderAccess(req.services).signOut(token: bearer.token) }
        return .noContent
    }
}
