import CampusCardCore
import CampusCardStore
import Vapor

/// A bound card on the phone (a verified device only): its payment code, its records and
/// statements, reporting it lost, and the notice inbox.
struct CardholderCardRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let binding = routes.grouped("api", "v1", "h5", "bindings", ":binding_id").grouped(CardholderAuthenticator())
        binding.post("payment-codes", use: paymentCode)
        binding.get("records", use: records)
        binding.get("statement", use: statement)
        binding.post("card", "lost", use: reportLost)
        binding.get("notices", use: notices)
        binding.post("notices", "read", use: markRead)
        binding.put("notice-preferences", use: setPreferences)
    }

    func paymentCode(req: Request) async throws -> PaymentCodeDTO {
        let (_, binding) = try await req.usableBinding()
        let (code, expiresAt) = try await PaymentCodes(req.store).issue(for: binding, at: req.now)
        return PaymentCodeDTO(code: code, expires_at: expiresAt)
    }

    func records(req: Request) async throws -> RecordPageDTO {
        let (binding, school) = try await cardOf(req)
        return try await RecordRoutes.page(req, purse: binding.purse, school: school)
    }

    func statement(req: Request) async throws -> Response {
        let (binding, school) = try await cardOf(req)
        return try await RecordRoutes.statement(req, purse: binding.purse, school: school, name: "statement-\(binding.staffNumber)")
    }

    /// Takes effect at once for every terminal; finding it again or replacing it is done at the
    /// service center.
    func reportLost(req: Request) async throws -> CardDTO {
        let (_, binding) = try await req.usableBinding()
        guard let number = binding.card else { throw CardError.unknownCard }
        return try await req.store.transaction { sql in
            guard let card = try await CardStore(sql).card(schoolID: binding.schoolID, number: number) else { throw CardError.unknownCard }
            try await CardOperations(sql).reportLost(card, actor: "cardholder:\(binding.identity.channel.rawValue)", at: req.now)
            return CardDTO(card_number: number.rawValue, status: CardStatus.lost.rawValue)
        }
    }

    func notices(req: Request) async throws -> NoticeInboxDTO {
        let (binding, school) = try await cardOf(req)
        let (notices, unread) = try await NoticeInbox(req.store).inbox(of: binding, school: school, at: req.now)
        return NoticeInboxDTO(notices: notices.map(NoticeDTO.init), unread: unread)
    }

    func markRead(req: Request) async throws -> HTTPStatus {
        let (_, binding) = try await req.usableBinding()
        try await NoticeInbox(req.store).markRead(cardholderID: binding.cardholderID, at: req.now)
        return .noContent
    }

    func setPreferences(req: Request) async throws -> HTTPStatus {
        let (_, binding) = try await req.usableBinding()
        let dto = try req.content.decode(NoticePreferencesDTO.self)
        func amount(_ text: String?) throws -> Money? {
            guard let text else { return nil }
            guard let money = Money(yuanString: text), money.isPositive else { throw CardError.invalidAmount(String(text.prefix(32))) }
            return money
        }
        try await NoticeInbox(req.store).setPreferences(
            .init(largeSpend: try amount(dto.large_spend), lowBalance: try amount(dto.low_balance)),
            of: binding.cardholderID)
        return .noContent
    }

    private func cardOf(_ req: Request) async throws -> (BindingRecord, SchoolRecord) {
        let (_, binding) = try await req.usableBinding()
        return (binding, try await req.school(of: binding))
    }
}

struct PaymentCodeDTO: Content {
    /// 18 digits for the terminal's scanner (or typed in); good once, for a minute.
    var code: String
    var expires_at: Date
}

struct NoticeDTO: Content {
    var id: String
    var kind: String
    var title: String
    var body: String
    var at: Date

    init(_ notice: CardholderNotice) {
        (id, kind, title, body, at) = (notice.id, notice.kind.rawValue, notice.title, notice.body, notice.at)
    }
}

struct NoticeInboxDTO: Content {
    var notices: [NoticeDTO]
    var unread: Int
}

struct NoticePreferencesDTO: Content {
    /// Yuan; a spend of at least this is notified. Absent: none.
    var large_spend: String?
    /// Yuan; a balance falling below this is notified. Absent: the school's line.
    var low_balance: String?
}
