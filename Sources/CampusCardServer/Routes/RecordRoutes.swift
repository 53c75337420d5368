import CampusCardCore
import CampusCardStore
import Vapor

/// Records and reports for staff: any cardholder's movements in their school, a month's
/// statement as CSV, each merchant's day.
struct RecordRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let console = routes.grouped("api", "v1", "console").grouped(StaffAuthenticator())
        console.get("cardholders", ":staff_number", "records", use: records)
        console.get("cardholders", ":staff_number", "statement", use: statement)
        console.get("reports", "merchants", use: merchantDay)
    }

    func records(req: Request) async throws -> RecordPageDTO {
        let (_, school) = try await req.staffSchool()
        return try await Self.page(req, purse: try await purse(req, school: school), school: school)
    }

    /// A page of a purse's records as `?before=&kind=&from=&to=&limit=` ask, newest first.
    static func page(_ req: Request, purse: LedgerAccount, school: SchoolRecord) async throws -> RecordPageDTO {
        let limit = min(max(req.query[Int.self, at: "limit"] ?? 50, 1), 200)
        var query = PurseRecords.Query(before: req.query[Int64.self, at: "before"], limit: limit)
        if let kinds = req.query[String.self, at: "kind"] {
            query.kinds = try kinds.split(separator: ",").map { name in
                guard let kind = TransferKind(rawValue: String(name)) else {
                    throw CardError.invalidField("kind", zh: "未知的记录类型", en: "unknown kind \(name)")
                }
                return kind
            }
        }
        query.from = try date(req, "from").map { $0.start(in: school.timeZone) }
        query.until = try date(req, "to").map { $0.addingDays(1).start(in: school.timeZone) }
        let records = try await PurseRecords(req.store.sql).page(of: purse.id, query)
        return RecordPageDTO(records: records.map(RecordDTO.init), next_before: records.count == limit ? records.last?.transferID : nil)
    }

    func statement(req: Request) async throws -> Response {
        let (_, school) = try await req.staffSchool()
        return try await Self.statement(
            req, purse: try await purse(req, school: school), school: school, name: "statement-\(req.parameters.get("staff_number") ?? "")")
    }

    /// `?month=2026-09`: every movement of that month, oldest first, as CSV.
    static func statement(_ req: Request, purse: LedgerAccount, school: SchoolRecord, name: String) async throws -> Response {
        guard let month = req.query[String.self, at: "month"], let first = LocalDate(month + "-01") else {
            throw CardError.invalidField("month", zh: "月份格式应为 YYYY-MM", en: "month must be YYYY-MM")
        }
        var records: [PurseRecord] = []
        var query = PurseRecords.Query(
            from: first.start(in: school.timeZone), until: first.adding(months: 1).start(in: school.timeZone), limit: 500)
        while true {
            let page = try await PurseRecords(req.store.sql).page(of: purse.id, query)
            records += page
            guard page.count == query.limit, let last = page.last else { break }
            query.before = last.transferID
        }
        let csv = StatementCSV.render(records.reversed(), timeZone: school.timeZone)
        return Response(
            status: .ok,
            headers: ["Content-Type": "text/csv; charset=utf-8", "Content-Disposition": "attachment; filename=\"\(name)-\(month).csv\""],
            body: .init(string: csv))
    }

    /// `?date=2026-09-21`: each merchant's spends, voids and net for that day.
    func merchantDay(req: Request) async throws -> [MerchantDayDTO] {
        let (_, school) = try await req.staffSchool()
        let day = try Self.date(req, "date") ?? LocalDate(req.now, in: school.timeZone)
        return try await MerchantDayReport(req.store.sql).day(day, school: school).map {
            MerchantDayDTO(
                merchant_code: $0.merchantCode, merchant_name: $0.merchantName, spends: $0.spends, voids: $0.voids, net_fen: $0.net.fen)
        }
    }

    private func purse(_ req: Request, school: SchoolRecord) async throws -> LedgerAccount {
        guard
            let purse = try await CardStore(req.store.sql).purse(schoolID: school.id, staffNumber: req.parameters.get("staff_number") ?? "")
        else {
            throw CardError.notFound("cardholder")
        }
        return purse
    }

    static func date(_ req: Request, _ name: String) throws -> LocalDate? {
        guard let text = req.query[String.self, at: name] else { return nil }
        guard let date = LocalDate(text) else { throw CardError.invalidField(name, zh: "日期格式应为 YYYY-MM-DD", en: "must be YYYY-MM-DD") }
        return date
    }
}
