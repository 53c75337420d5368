import CampusCardCore
import CampusCardServices
import CampusCardStore
import Vapor

/// Binding a card (SPEC "Binding"), the card it gives access to, and the devices that use it
/// (换机: a new phone verifies again; the binding stays).
struct BindingRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let bindings = routes.grouped("api", "v1", "h5", "bindings").grouped(CardholderAuthenticator())
        bindings.get(use: list)
        bindings.post(use: bind)
        routes.grouped("api", "v1", "h5", "face-certifications").grouped(CardholderAuthenticator()).post(use: startFaceCertification)
        let binding = bindings.grouped(":binding_id")
        binding.get(use: card)
        binding.delete(use: remove)
        binding.post("verification", use: verifyDevice)
        binding.post("face-certifications", use: startBoundFaceCertification)
        binding.get("devices", use: devices)
        binding.delete("devices", ":device_id", use: revokeDevice)
        binding.put("payment-password", use: changePaymentPassword)
    }

    func list(req: Request) async throws -> [BindingDTO] {
        try await CardBinding(req.services).list(of: try req.cardholder()).map(BindingDTO.init)
    }

    func bind(req: Request) async throws -> CardSummaryDTO {
        let session = try req.cardholder()
        let dto = try req.content.decode(BindRequestDTO.self)
        let form = CardBinding.Form(
            school: dto.school, campus: dto.campus, staffNumber: dto.staff_number, name: dto.name, initialPassword: dto.initial_password,
            passport: dto.passport_number, paymentPassword: dto.payment_password,
            faceCertification: dto.face_certification_id)
        return CardSummaryDTO(try await CardBinding(req.services).bind(form, session: session, from: req.clientAddress))
    }

    func card(req: Request) async throws -> CardSummaryDTO {
        CardSummaryDTO(try await CardBinding(req.services).summary(req.usableBinding().1))
    }

    func remove(req: Request) async throws -> HTTPStatus {
        try await CardBinding(req.services).remove(req.usableBinding().1)
        return .noContent
    }

    func verifyDevice(req: Request) async throws -> CardSummaryDTO {
        let (session, binding) = try await req.ownBinding()
        let dto = try req.content.decode(DeviceVerificationDTO.self)
        return CardSummaryDTO(
            try await CardBinding(req.services).verifyDevice(
                of: binding, session: session, paymentPassword: dto.payment_password, faceCertification: dto.face_certification_id))
    }

    /// The server starts the channel's face certification of the holder; the phone opens `url`.
    func startFaceCertification(req: Request) async throws -> FaceCertificationDTO {
        let dto = try req.content.decode(FaceCertificationRequestDTO.self)
        return FaceCertificationDTO(
            try await FaceCheck(req.services).start(
                school: dto.school, staffNumber: dto.staff_number, name: dto.name, idNumber: dto.id_number, session: try req.cardholder(),
                returnURL: dto.return_url))
    }

    func startBoundFaceCertification(req: Request) async throws -> FaceCertificationDTO {
        let (session, binding) = try await req.ownBinding()
        let dto = try req.content.decode(BoundFaceCertificationRequestDTO.self)
        return FaceCertificationDTO(
            try await FaceCheck(req.services).start(for: binding, idNumber: dto.id_number, session: session, returnURL: dto.return_url))
    }

    func devices(req: Request) async throws -> [DeviceDTO] {
        let (session, binding) = try await req.usableBinding()
        return try await CardBinding(req.services).devices(of: binding).map {
            DeviceDTO(
                device_id: $0.device.rawValue, verified_at: $0.verifiedAt, revoked_at: $0.revokedAt, first_seen_at: $0.firstSeenAt,
                this_device: $0.device == session.device)
        }
    }

    func changePaymentPassword(req: Request) async throws -> HTTPStatus {
        let (_, binding) = try await req.usableBinding()
        let dto = try req.content.decode(PaymentPasswordChangeDTO.self)
        try await CardBinding(req.services).changePaymentPassword(
            of: binding, current: dto.current_password, new: dto.new_password, again: dto.new_password)
        return .noContent
    }

    func revokeDevice(req: Request) async throws -> HTTPStatus {
        let (_, binding) = try await req.usableBinding()
        try await CardBinding(req.services).revoke(device: req.parameters.get("device_id") ?? "", of: binding)
        return .noContent
    }
}

struct PaymentPasswordChangeDTO: Content {
    var current_password: String
    var new_password: String
}
