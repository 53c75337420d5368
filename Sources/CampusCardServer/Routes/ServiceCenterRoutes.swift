import CampusCardCore
import CampusCardStore
import SQLKit
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
        try await changeCard(req) { card, staff, sql in
            try await CardOperations(sql).reportLost(card, actor: "staff:\(staff.username)", at: req.now)
            return CardDTO(card_number: card.number.rawValue, status: CardStatus.lost.rawValue)
        }
    }

    func markFound(req: Request) async throws -> CardDTO {
        try await changeCard(req) { card, staff, sql in
            try await CardOperations(sql).markFound(card, actor: "staff:\(staff.username)", at: req.now)
            return CardDTO(card_number: card.number.rawValue, status: CardStatus.active.rawValue)
        }
    }

    func replace(req: Request) async throws -> CardDTO {
        let dto = try req.content.decode(ReplacementDTO.self)
        guard let number = CardNumber(rawValue: dto.new_card_number) else {
            throw CardError.invalidField("new_card_number", zh: "卡号应为4–32位数字或大写字母", en: "4–32 digits or capital letters")
        }
        return try await changeCard(req) { card, staff, sql in
            let new = try await CardOperations(sql).replace(card, with: number, actor: "staff:\(staff.username)", at: req.now)
            return CardDTO(card_number: new.number.rawValue, status: new.status.rawValue)
        }
    }

    func refund(req: Request) async throws -> CashReceiptDTO {
        let dto = try req.content.decode(RefundDTO.self)
        guard dto.amount_fen > 0 else { throw CardError.invalidAmount(Money(fen: dto.amount_fen).yuanString) }
        return try await atCounter(req, cardNumber: dto.card_number) { card, staff, sql in
            let receipt = try await ServiceCenterCash(sql).refundMistakenTopUp(
                card: card, amount: Money(fen: dto.amount_fen), originalOrder: dto.original_order, reason: dto.reason, staff: staff,
                requestID: dto.request_id, at: req.now)
            return CashReceiptDTO(receipt, card: card.number)
        }
    }

    func payOut(req: Request) async throws -> CashReceiptDTO {
        let dto = try req.content.decode(PayoutDTO.self)
        guard dto.amount_fen > 0 else { throw CardError.invalidAmount(Money(fen: dto.amount_fen).yuanString) }
        return try await atCounter(req, cardNumber: dto.card_number) { card, staff, sql in
            CashReceiptDTO(
                try await ServiceCenterCash(sql).payOut(
                    card: card, amount: Money(fen: dto.amount_fen), staff: staff, requestID: dto.request_id, at: req.now),
                card: card.number)
        }
    }

    func freezing(req: Request) async throws -> [FreezingDTO] {
        let (_, school) = try await req.staffSchool()
        let days = min(max(req.query[Int.self, at: "within_days"] ?? 30, 0), 366)
        return try await GraduateFreezer(req.store).upcoming(school: school, now: req.now, within: days).map {
            FreezingDTO(
                staff_number: $0.staffNumber, name: $0.name, leave_date: $0.leaveDate.description, freeze_date: $0.freezeDate.description,
                balance_fen: $0.balance.fen)
        }
    }

    func extendLeaveDate(req: Request) async throws -> HTTPStatus {
        let (staff, school) = try await req.staffSchool()
        let dto = try req.content.decode(LeaveDateDTO.self)
        guard let date = LocalDate(dto.leave_date) else {
            throw CardError.invalidField("leave_date", zh: "日期格式应为 YYYY-MM-DD", en: "must be YYYY-MM-DD")
        }
        try await GraduateFreezer(req.store).extendLeaveDate(
            school: school, staffNumber: req.parameters.get("staff_number") ?? "", to: date, actor: "staff:\(staff.username)", at: req.now)
        return .noContent
    }

    /// A card of the clerk's school, in one transaction with what is done to it.
    private func atCounter<T: Sendable>(
        _ req: Request, cardNumber: String, _ body: @escaping @Sendable (CardRecord, StaffMember, any SQLDatabase) async throws -> T
    ) async throws -> T {
        let (staff, school) = try await req.staffSchool()
        guard let number = CardNumber(rawValue: cardNumber) else { throw CardError.unknownCard }
        return try await req.store.transaction { sql in
            guard let card = try await CardStore(sql).card(schoolID: school.id, number: number) else { throw CardError.unknownCard }
            return try await body(card, staff, sql)
        }
    }

    private func changeCard<T: Sendable>(
        _ req: Request, _ body: @escaping @Sendable (CardRecord, StaffMember, any SQLDatabase) async throws -> T
    ) async throws
        -> T
    {
        try await atCounter(req, cardNumber: req.parameters.get("card_number") ?? "", body)
    }
}

extension Request {
    /// The signed-in clerk or administrator and the school they work for.
    func staffSchool() async throws -> (StaffMember, SchoolRecord) {
        let staff = try self.staff()
        guard let schoolID = staff.schoolID, let school = try await SchoolStore(store.sql).find(id: schoolID) else {
            throw CardError.forbidden
        }
        return (staff, school)
    }
}
