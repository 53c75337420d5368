import CampusCardCore
import CampusCardServices
import CampusCardStore
import Vapor

/// The service center's counter (校园卡服务中心): lost and replaced cards, mistaken top-ups
/// refunded in cash, balances paid out, leavers about to be frozen. Staff act in their own school.
struct ServiceCenterRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let console = routes.grouped("api", "v1", "console").grouped(StaffAuthenticator())
        let card = console.grouped("cards", ":card_number")
        card.post("lost", use: reportLost)
        card.post("found", use: markFound)
        card.post("replacement", use: replace)
        console.post("refunds", use: refund)
        console.post("payouts", use: payOut)
        console.get("graduates", "freezing", use: freezing)
        console.put("cardholders", ":staff_number", "leave-date", use: extendLeaveDate)
    }

    func reportLost(req: Request) async throws -> CardDTO {
        let (staff, school) = try await req.staffSchool()
        return CardDTO(try await CardService(req.services).reportLost(req.parameters.get("card_number") ?? "", by: staff, school: school))
    }

    func markFound(req: Request) async throws -> CardDTO {
        let (staff, school) = try await req.staffSchool()
        return CardDTO(try await CardService(req.services).markFound(req.parameters.get("card_number") ?? "", by: staff, school: school))
    }

    func replace(req: Request) async throws -> CardDTO {
        let (staff, school) = try await req.staffSchool()
        let dto = try req.content.decode(ReplacementDTO.self)
        return CardDTO(
            try await CardService(req.services).replace(
                req.parameters.get("card_number") ?? "", with: dto.new_card_number, by: staff, school: school))
    }

    func refund(req: Request) async throws -> CashReceiptDTO {
        let (staff, school) = try await req.staffSchool()
        let dto = try req.content.decode(RefundDTO.self)
        let (card, receipt) = try await ServiceCenterDesk(req.services).refundMistakenTopUp(
            card: dto.card_number, amountFen: dto.amount_fen, originalOrder: dto.original_order, reason: dto.reason,
            requestID: dto.request_id, by: staff, school: school)
        return CashReceiptDTO(receipt, card: card.number)
    }

    func payOut(req: Request) async throws -> CashReceiptDTO {
        let (staff, school) = try await req.staffSchool()
        let dto = try req.content.decode(PayoutDTO.self)
        let (card, receipt) = try await ServiceCenterDesk(req.services).payOut(
            card: dto.card_number, amountFen: dto.amount_fen, requestID: dto.request_id, by: staff, school: school)
        return CashReceiptDTO(receipt, card: card.number)
    }

    func freezing(req: Request) async throws -> [FreezingDTO] {
        let (staff, school) = try await req.staffSchool()
        let days = req.query[Int.self, at: "within_days"]
        return try await ServiceCenterDesk(req.services).freezing(school: school, withinDays: days, by: staff).map {
            FreezingDTO(
                staff_number: $0.staffNumber, name: $0.name, leave_date: $0.leaveDate.description, freeze_date: $0.freezeDate.description,
                balance_fen: $0.balance.fen)
        }
    }

    func extendLeaveDate(req: Request) async throws -> HTTPStatus {
        let (staff, school) = try await req.staffSchool()
        let dto = try req.content.decode(LeaveDateDTO.self)
        try await ServiceCenterDesk(req.services).extendLeaveDate(
            staffNumber: req.parameters.get("staff_number") ?? "", to: dto.leave_date, by: staff, school: school)
        return .noContent
    }
}

extension Request {
    /// The signed-in staff member and the school they act in (an operator's by `?school=CODE`).
    func staffSchool() async throws -> (StaffMember, SchoolRecord) {
        let staff = try self.staff()
        return (staff, try await StaffConsole(services).school(of: staff, named: query[String.self, at: "school"]))
    }
}
