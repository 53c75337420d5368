import CampusCardCore
import CampusCardStore
import Foundation

/// The console's look-up of a school's cardholders: the search by 学工号, name, card number or
/// passport, and a cardholder's profile. Any staff role reads (`.read`), in their own school only.
public struct CardholderLookup: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    /// A page of a search's answers; `hasMore`: another page follows.
    public struct Results: Sendable {
        public var cardholders: [CardholderEntry]
        public var page: Int
        public var hasMore: Bool
    }

    public static let searchPageSize = 20
    public static let auditPageSize = 20
    public static let recordsPageSize = 20

    /// `text` as typed at the counter (full-width digits and spaces around allowed); empty
    /// text finds nobody rather than the whole roster.
    public func search(_ text: String, page: Int, by staff: StaffMember, school: SchoolRecord) async throws -> Results {
        try staff.require(.read, in: school)
        guard page >= 1, page <= 10_000 else { throw CardError.invalidField("page", zh: "页码应为 1–10000", en: "page is 1 to 10000") }
        let typed = StaffNumber.normalized(text)
        // Control characters are in no name or number (and PostgreSQL refuses a NUL in text).
        guard !typed.isEmpty, !Self.hasControlCharacters(typed) else { return Results(cardholders: [], page: page, hasMore: false) }
        guard typed.count <= 64 else {
            throw CardError.invalidField("q", zh: "查询内容不超过64个字", en: "a search is at most 64 characters")
        }
        let size = Self.searchPageSize
        let found = try await CardholderDirectory(context.store.sql).search(
            schoolID: school.id, text: typed, limit: size + 1, offset: (page - 1) * size)
        return Results(cardholders: Array(found.prefix(size)), page: page, hasMore: found.count > size)
    }

    /// Everything the service center sees of one cardholder.
    public struct Profile: Sendable {
        public var cardholder: CardholderEntry
        public var cards: [HeldCard]
        public var bindings: [BoundChannel]
        public var records: [PurseRecord]
        /// Where the next page of records starts; nil: this is the last.
        public var nextRecords: TransferID?
        public var audit: [AuditEntry]
        public var auditPage: Int
        public var moreAudit: Bool
    }

    /// The cardholder by 学工号, their records from `recordsBefore` and their audit trail's page
    /// `auditPage`; `notFound` for a 学工号 of another school.
    public func profile(
        staffNumber: String, recordsBefore: TransferID?, auditPage: Int, by staff: StaffMember, school: SchoolRecord
    ) async throws -> Profile {
        try staff.require(.read, in: school)
        guard auditPage >= 1, auditPage <= 10_000 else {
            throw CardError.invalidField("audit_page", zh: "页码应为 1–10000", en: "page is 1 to 10000")
        }
        let directory = CardholderDirectory(context.store.sql)
        let cardholder = try await self.cardholder(staffNumber: staffNumber, school: school)
        async let cards = directory.cards(of: cardholder.id)
        async let bindings = directory.bindings(of: cardholder.id)
        let purse = try await CardRecords(context).purse(staffNumber: cardholder.staffNumber, school: school)
        let (records, next) = try await CardRecords(context).page(
            of: purse, school: school, .init(before: recordsBefore, limit: Self.recordsPageSize))
        let held = try await cards
        let size = Self.auditPageSize
        let audit = try await directory.auditTrail(
            schoolID: school.id, subjects: [cardholder.staffNumber] + held.map(\.number), limit: size + 1, offset: (auditPage - 1) * size)
        return Profile(
            cardholder: cardholder, cards: held, bindings: try await bindings, records: records, nextRecords: next,
            audit: Array(audit.prefix(size)), auditPage: auditPage, moreAudit: audit.count > size)
    }

    static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// The school's cardholder by 学工号 as typed; `notFound` for one of another school.
    func cardholder(staffNumber: String, school: SchoolRecord) async throws -> CardholderEntry {
        let number = StaffNumber.normalized(staffNumber)
        guard !Self.hasControlCharacters(number),
            let cardholder = try await CardholderDirectory(context.store.sql).cardholder(schoolID: school.id, staffNumber: number)
        else { throw CardError.notFound("cardholder") }
        return cardholder
    }
}
