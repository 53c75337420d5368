import CampusCardCore
import CampusCardServices
import CampusCardStore
import Vapor

/// A cardholder's auto top-up from a verified device: open it with a bank card (the bank's SMS
/// step), sign it, pause, resume, change, cancel, and refund a debit inside its window; the
/// service center sees it and refunds a debit too.
struct AutoTopUpRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let auto = routes.grouped("api", "v1", "h5", "bindings", ":binding_id", "auto-top-up").grouped(CardholderAuthenticator())
        auto.get(use: show)
        auto.post("opening", use: beginOpening)
        auto.post("opening", ":opening_no", "verification", use: completeOpening)
        auto.post("opening", ":opening_no", "new-code", use: resendCode)
        auto.post("signature", use: sign)
        auto.put(use: change)
        auto.post("pause", use: pause)
        auto.post("resume", use: resume)
        auto.delete(use: cancel)
        auto.post("debits", ":order_no", "refund", use: refund)
        let desk = routes.grouped("api", "v1", "console", "cardholders", ":staff_number", "auto-top-up").grouped(StaffAuthenticator())
        desk.get(use: deskShow)
        desk.post("debits", ":order_no", "refund", use: deskRefund)
    }

    func deskShow(req: Request) async throws -> AutoTopUpDTO {
        let (staff, school) = try await req.staffSchool()
        let (_, overview) = try await AutoTopUpDesk(req.services).overview(
            staffNumber: req.parameters.get("staff_number") ?? "", by: staff, school: school)
        return AutoTopUpDTO(overview)
    }

    func deskRefund(req: Request) async throws -> AutoTopUpRefundDTO {
        let (staff, school) = try await req.staffSchool()
        return AutoTopUpRefundDTO(
            try await AutoTopUpDesk(req.services).refund(
                staffNumber: req.parameters.get("staff_number") ?? "", orderNo: req.parameters.get("order_no") ?? "", by: staff,
                school: school))
    }

    func show(req: Request) async throws -> AutoTopUpDTO {
        let (binding, school) = try await req.usableBindingAndSchool()
        return try await Self.overview(req, binding, school)
    }

    func beginOpening(req: Request) async throws -> Response {
        let (binding, _) = try await req.usableBindingAndSchool()
        let dto = try req.content.decode(AutoTopUpOpeningRequestDTO.self)
        return try Self.opened(
            try await AutoTopUpService(req.services).beginOpening(
                .init(cardNumber: dto.card_number, holderName: dto.holder_name, idNumber: dto.id_number, phone: dto.phone),
                cardholderID: binding.cardholderID))
    }

    func resendCode(req: Request) async throws -> Response {
        let (binding, _) = try await req.usableBindingAndSchool()
        return try Self.opened(
            try await AutoTopUpService(req.services).resendCode(
                openingNo: req.parameters.get("opening_no") ?? "", cardholderID: binding.cardholderID))
    }

    private static func opened(_ opening: (openingNo: String, maskedPhone: String)) throws -> Response {
        let response = Response(status: .created)
        try response.content.encode(AutoTopUpOpeningDTO(opening_no: opening.openingNo, masked_phone: opening.maskedPhone))
        return response
    }

    func completeOpening(req: Request) async throws -> AutoTopUpDTO {
        let (binding, school) = try await req.usableBindingAndSchool()
        let dto = try req.content.decode(AutoTopUpVerificationDTO.self)
        _ = try await AutoTopUpService(req.services).completeOpening(
            openingNo: req.parameters.get("opening_no") ?? "", code: dto.sms_code, cardholderID: binding.cardholderID, purse: binding.purse,
            school: school)
        return try await Self.overview(req, binding, school)
    }

    func sign(req: Request) async throws -> AutoTopUpDTO {
        let (session, binding) = try await req.usableBinding()
        let school = try await CardholderAccess(req.services).school(of: binding)
        let dto = try req.content.decode(AutoTopUpSignatureDTO.self)
        _ = try await AutoTopUpService(req.services).sign(
            binding, session: session, threshold: dto.threshold, amount: dto.amount, paymentPassword: dto.payment_password,
            faceCertification: dto.face_certification_id, school: school)
        return try await Self.overview(req, binding, school)
    }

    func change(req: Request) async throws -> AutoTopUpDTO {
        let (binding, school) = try await req.usableBindingAndSchool()
        let dto = try req.content.decode(AutoTopUpTermsDTO.self)
        _ = try await AutoTopUpService(req.services).change(
            cardholderID: binding.cardholderID, threshold: dto.threshold, amount: dto.amount, school: school)
        return try await Self.overview(req, binding, school)
    }

    func pause(req: Request) async throws -> AutoTopUpDTO {
        try await acting(req) { try await $0.pause(cardholderID: $1) }
    }

    func resume(req: Request) async throws -> AutoTopUpDTO {
        try await acting(req) { try await $0.resume(cardholderID: $1) }
    }

    func cancel(req: Request) async throws -> AutoTopUpDTO {
        try await acting(req) { try await $0.cancel(cardholderID: $1) }
    }

    /// One change by the cardholder, answered with the page's data as it then stands.
    private func acting(_ req: Request, _ change: (AutoTopUpService, Int64) async throws -> AutoTopUpAgreement) async throws
        -> AutoTopUpDTO
    {
        let (binding, school) = try await req.usableBindingAndSchool()
        _ = try await change(AutoTopUpService(req.services), binding.cardholderID)
        return try await Self.overview(req, binding, school)
    }

    func refund(req: Request) async throws -> AutoTopUpRefundDTO {
        let (binding, school) = try await req.usableBindingAndSchool()
        return AutoTopUpRefundDTO(
            try await AutoTopUpService(req.services).refund(
                orderNo: req.parameters.get("order_no") ?? "", cardholderID: binding.cardholderID,
                requestedBy: AutoTopUpService.cardholderActor(binding.cardholderID), school: school))
    }

    static func overview(_ req: Request, _ binding: BindingRecord, _ school: SchoolRecord) async throws -> AutoTopUpDTO {
        AutoTopUpDTO(try await AutoTopUpService(req.services).overview(cardholderID: binding.cardholderID, school: school))
    }
}
