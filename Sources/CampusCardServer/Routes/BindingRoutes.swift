import CampusCardCore
import CampusCardStore
import Vapor

/// Binding a card (SPEC "Binding"), the card it gives access to, and the devices that use it
/// (换机: a new phone verifies again; the binding stays).
struct BindingRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let bindings = routes.grouped("api", "v1", "h5", "bindings").grouped(CardholderAuthenticator())
        bindings.get(use: list)
        bindings.post(use: bind)
        let binding = bindings.grouped(":binding_id")
        binding.get(use: card)
        binding.delete(use: remove)
        binding.post("verification", use: verifyDevice)
        binding.get("devices", use: devices)
        binding.delete("devices", ":device_id", use: revokeDevice)
    }

    func list(req: Request) async throws -> [BindingDTO] {
        try await Bindings(req.store).list(of: try req.cardholder().identity).map(BindingDTO.init)
    }

    func bind(req: Request) async throws -> CardSummaryDTO {
        let session = try req.cardholder()
        let dto = try req.content.decode(BindRequestDTO.self)
        guard let code = SchoolCode(rawValue: dto.school), let school = try await SchoolStore(req.store.sql).find(code) else {
            throw CardError.unknownSchool(String(dto.school.prefix(32)))
        }
        try await ServiceNotices(req.store, .maintenanceWindow).ensureOpen(school, at: req.now)
        let application = try Self.application(dto, school: code, settings: school.settings)
        guard let access = req.application.campusCard.channelAccess else { throw CardError.faceVerificationInvalid }
        let face = try ChannelLogin.face(dto.face_result, channel: session.identity.channel, access: access)
        let binding = try await CardBinder(req.store, secrets: req.masterKey.cardSecrets).bind(
            application, school: school, identity: session.identity, device: session.device, face: face, at: req.now)
        return try await summary(req, binding)
    }

    func card(req: Request) async throws -> CardSummaryDTO {
        try await summary(req, req.usableBinding().1)
    }

    func remove(req: Request) async throws -> HTTPStatus {
        try await Bindings(req.store).remove(req.usableBinding().1)
        return .noContent
    }

    func verifyDevice(req: Request) async throws -> CardSummaryDTO {
        let (session, binding) = try await req.ownBinding()
        let dto = try req.content.decode(DeviceVerificationDTO.self)
        guard let access = req.application.campusCard.channelAccess else { throw CardError.faceVerificationInvalid }
        let face = try ChannelLogin.face(dto.face_result, channel: session.identity.channel, access: access)
        try await Bindings(req.store).verify(session.device, of: binding, paymentPassword: dto.payment_password, face: face, at: req.now)
        return try await summary(req, binding)
    }

    func devices(req: Request) async throws -> [DeviceDTO] {
        let (session, binding) = try await req.usableBinding()
        return try await Bindings(req.store).devices(of: binding).map {
            DeviceDTO(
                device_id: $0.device.rawValue, verified_at: $0.verifiedAt, revoked_at: $0.revokedAt, first_seen_at: $0.firstSeenAt,
                this_device: $0.device == session.device)
        }
    }

    func revokeDevice(req: Request) async throws -> HTTPStatus {
        let (_, binding) = try await req.usableBinding()
        let device = try DeviceID(req.parameters.get("device_id") ?? "")
        guard try await Bindings(req.store).revoke(device, of: binding, at: req.now) else { throw CardError.notFound("device") }
        return .noContent
    }

    private func summary(_ req: Request, _ binding: BindingRecord) async throws -> CardSummaryDTO {
        let balance = try await LedgerStore(req.store.sql).balance(of: binding.purse.id)
        let records = try await PurseRecords(req.store.sql).page(of: binding.purse.id, .init(limit: 10))
        return CardSummaryDTO(
            binding: BindingDTO(binding), balance_fen: balance.fen, balance: balance.description, records: records.map(RecordDTO.init))
    }

    /// Every field checked for its form (the 学工号 by the school's rule) before the roster is read.
    static func application(_ dto: BindRequestDTO, school: SchoolCode, settings: SchoolSettings) throws -> BindApplication {
        let campus = try dto.campus.map { text in
            guard let campus = CampusCode(rawValue: text) else { throw CardError.unknownCampus(String(text.prefix(32))) }
            return campus
        }
        let proof: BindApplication.Proof =
            switch (dto.initial_password, dto.passport_number) {
            case (let password?, nil): .initialPassword(try BindApplication.initialPassword(password))
            case (nil, let passport?): .passport(try PassportNumber(passport))
            default:
                throw CardError.invalidField(
                    "initial_password", zh: "请填写初始密码（留学生填写护照号），二者只填其一",
                    en: "give the initial password, or (international students) the passport number: one of them")
            }
        guard dto.payment_password.count <= 16, dto.face_result.utf8.count <= 8_192 else {
            throw CardError.malformedRequest("payment_password or face_result is too long")
        }
        return BindApplication(
            school: school, campus: campus, staffNumber: try StaffNumber(dto.staff_number, digits: settings.staffNumberDigits),
            name: try RealName(dto.name), proof: proof, paymentPassword: dto.payment_password)
    }
}
