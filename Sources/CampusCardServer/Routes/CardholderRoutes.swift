import CampusCardCore
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
        let store = try SchoolStore(req.store.sql)
        var answer: [SchoolDTO] = []
        for school in try await store.all() {
            let campuses = try await store.campuses(of: school.id).map { CampusDTO(code: $0.code.rawValue, name: $0.name) }
            answer.append(SchoolDTO(code: school.code.rawValue, name: school.name, campuses: campuses))
        }
        return answer
    }

    func openSession(req: Request) async throws -> CardholderSessionDTO {
        let dto = try req.content.decode(OpenCardholderSessionDTO.self)
        guard let channel = BindingChannel(rawValue: dto.channel) else {
            throw CardError.invalidField(
                "channel", zh: "渠道应为 school_app、alipay 或 wechat", en: "the channel is school_app, alipay or wechat")
        }
        guard (1...256).contains(dto.auth_code.count) else {
            throw CardError.invalidField("auth_code", zh: "授权码长度应为1–256", en: "the authorization code is 1–256 characters")
        }
        let device = try DeviceID(dto.device_id)
        guard let access = req.application.campusCard.channelAccess else {
            req.logger.error("no channel access configured and no sandbox mounted")
            throw CardError.channelLoginFailed
        }
        let identity = try await ChannelLogin(access: access, transport: GatewayTransport(request: req))
            .identity(channel: channel, authCode: dto.auth_code, at: req.now)
        let (token, expiresAt) = try await CardholderSessions(req.store.sql).open(
            for: identity, device: device, at: req.now, lifetime: req.application.campusCard.cardholderSessionLifetime)
        return CardholderSessionDTO(
            token: token, expires_at: expiresAt, channel: channel.rawValue, device_id: device.rawValue,
            bindings: try await Bindings(req.store).list(of: identity).map(BindingDTO.init))
    }

    func closeSession(req: Request) async throws -> HTTPStatus {
        _ = try req.cardholder()
        if let bearer = req.headers.bearerAuthorization { try await CardholderSessions(req.store.sql).close(token: bearer.token) }
        return .noContent
    }
}
