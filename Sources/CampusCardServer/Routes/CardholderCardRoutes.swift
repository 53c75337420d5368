import CampusCardCore
import CampusCardServices
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
        let (code, expiresAt) = try await CardService(req.services).paymentCode(for: binding)
        return PaymentCodeDTO(code: code, expires_at: expiresAt)
    }

    func records(req: Request) async throws -> RecordPageDTO {
        let (binding, school) = try await req.usableBindingAndSchool()
        return try await RecordRoutes.page(req, purse: binding.purse, school: school)
    }

    func statement(req: Request) async throws -> Response {
        let (binding, school) = try await req.usableBindingAndSchool()
        return try await RecordRoutes.statement(req, purse: binding.purse, school: school, name: "statement-\(binding.staffNumber)")
    }

    /// Takes effect at once for every terminal; finding it again or replacing it is done at the
    /// service center.
    func reportLost(req: Request) async throws -> CardDTO {
        CardDTO(try await CardService(req.services).reportLost(by: req.usableBinding().1))
    }

    func notices(req: Request) async throws -> NoticeInboxDTO {
        let (binding, school) = try await req.usableBindingAndSchool()
        let (notices, unread) = try await CardholderInbox(req.services).inbox(of: binding, school: school)
        return NoticeInboxDTO(notices: notices.map(NoticeDTO.init), unread: unread)
    }

    func markRead(req: Request) async throws -> HTTPStatus {
        try await CardholderInbox(req.services).markRead(req.usableBinding().1)
        return .noContent
    }

    func setPreferences(req: Request) async throws -> HTTPStatus {
        let (_, binding) = try await req.usableBinding()
        let dto = try req.content.decode(NoticePreferencesDTO.self)
        try await CardholderInbox(req.services).setPreferences(largeSpend: dto.large_spend, lowBalance: dto.low_balance, of: binding)
        return .noContent
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
