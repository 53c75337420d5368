import CampusCardCore
import CampusCardStore
import Foundation

/// A purse's records as its cardholder and the card office read them: pages newest first with
/// their running balance, a month's statement, and each merchant's day.
public struct CardRecords: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    /// What a page of records asks for, as the query string gives it.
    public struct Filter: Sendable {
        public var before: TransferID?
        /// Kinds, comma-separated (`spend,top_up`).
        public var kinds: String?
        public var from: String?
        public var to: String?
        public var limit: Int?

        public init(before: TransferID? = nil, kinds: String? = nil, from: String? = nil, to: String? = nil, limit: Int? = nil) {
            (self.before, self.kinds, self.from, self.to, self.limit) = (before, kinds, from, to, limit)
        }
    }

    /// A page of records, newest first, and where the next page starts (nil: this is the last).
    public func page(of purse: LedgerAccount, school: SchoolRecord, _ filter: Filter) async throws -> (
        records: [PurseRecord], nextBefore: TransferID?
    ) {
        let limit = filter.limit ?? 50
        guard (1...200).contains(limit) else {
            throw CardError.invalidField("limit", zh: "每页条数应为1–200", en: "limit is 1 to 200 records a page")
        }
        var query = PurseRecords.Query(before: filter.before, limit: limit)
        if let kinds = filter.kinds {
            query.kinds = try kinds.split(separator: ",").map { name in
                guard let kind = TransferKind(rawValue: String(name)) else {
                    throw CardError.invalidField("kind", zh: "未知的记录类型", en: "unknown kind \(name)")
                }
                return kind
            }
        }
        query.from = try Self.date(filter.from, "from").map { $0.start(in: school.timeZone) }
        query.until = try Self.date(filter.to, "to").map { $0.addingDays(1).start(in: school.timeZone) }
        let records = try await PurseRecords(context.store.sql).page(of: purse.id, query)
        return (records, records.count == limit ? records.last?.transferID : nil)
    }

    /// `month` (YYYY-MM): every movement of that month, oldest first, as CSV.
    public func statement(of purse: LedgerAccount, school: SchoolRecord, month: String?) async throws -> (month: String, csv: String) {
        guard let month, let first = LocalDate(month + "-01") else {
            throw CardError.invalidField("month", zh: "月份格式应为 YYYY-MM", en: "month must be YYYY-MM")
        }
        var records: [PurseRecord] = []
        var query = PurseRecords.Query(
            from: first.start(in: school.timeZone), until: first.adding(months: 1).start(in: school.timeZone), limit: 500)
        while true {
            let page = try await PurseRecords(context.store.sql).page(of: purse.id, query)
            records += page
            guard page.count == query.limit, let last = page.last else { break }
            query.before = last.transferID
        }
        return (month, StatementCSV.render(records.reversed(), timeZone: school.timeZone))
    }

    /// A cardholder's purse, found by 学工号 in the staff member's school.
    public func purse(staffNumber: String, school: SchoolRecord) async throws -> LedgerAccount {
        guard let purse = try await CardStore(context.store.sql).purse(schoolID: school.id, staffNumber: staffNumber) else {
            throw CardError.notFound("cardholder")
        }
        return purse
    }

    /// Each merchant's spends, voids and net on `date` (YYYY-MM-DD; today when nil).
    public func merchantDay(_ date: String?, school: SchoolRecord) async throws -> [MerchantDay] {
        let day = try Self.date(date, "date") ?? LocalDate(context.now, in: school.timeZone)
        return try await MerchantDayReport(context.store.sql).day(day, school: school)
    }

    static func date(_ text: String?, _ name: String) throws -> LocalDate? {
        guard let text else { return nil }
        guard let date = LocalDate(text) else { throw CardError.invalidField(name, zh: "日期格式应为 YYYY-MM-DD", en: "must be YYYY-MM-DD") }
        return date
    }
}
