import CampusCardCore
import CampusCardServices
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
        let purse = try await CardRecords(req.services).purse(staffNumber: req.parameters.get("staff_number") ?? "", school: school)
        return try await Self.page(req, purse: purse, school: school)
    }

    /// A page of a purse's records as `?before=&kind=&from=&to=&limit=` ask, newest first.
    static func page(_ req: Request, purse: LedgerAccount, school: SchoolRecord) async throws -> RecordPageDTO {
        let filter = CardRecords.Filter(
            before: req.query[Int64.self, at: "before"], kinds: req.query[String.self, at: "kind"],
            from: req.query[String.self, at: "from"],
            to: req.query[String.self, at: "to"], limit: req.query[Int.self, at: "limit"])
        let (records, next) = try await CardRecords(req.services).page(of: purse, school: school, filter)
        return RecordPageDTO(records: records.map(RecordDTO.init), next_before: next)
    }

    func statement(req: Request) async throws -> Response {
        let (_, school) = try await req.staffSchool()
        let staffNumber = req.parameters.get("staff_number") ?? ""
        let purse = try await CardRecords(req.services).purse(staffNumber: staffNumber, school: school)
        return try await Self.statement(req, purse: purse, school: school, name: "statement-\(staffNumber)")
    }

    /// `?month=2026-09`: every movement of that month, oldest first, as CSV.
    static func statement(_ req: Request, purse: LedgerAccount, school: SchoolRecord, name: String) async throws -> Response {
        let (month, csv) = try await CardRecords(req.services).statement(
            of: purse, school: school, month: req.query[String.self, at: "month"])
        return Response(
            status: .ok,
            headers: ["Content-Type": "text/csv; charset=utf-8", "Content-Disposition": "attachment; filename=\"\(name)-\(month).csv\""],
            body: .init(string: csv))
    }

    /// `?date=2026-09-21`: each merchant's spends, voids and net for that day.
    func merchantDay(req: Request) async throws -> [MerchantDayDTO] {
        let (_, school) = try await req.staffSchool()
        return try await CardRecords(req.services).merchantDay(req.query[String.self, at: "date"], school: school).map {
            MerchantDayDTO(
                merchant_code: $0.merchantCode, merchant_name: $0.merchantName, spends: $0.spends, voids: $0.voids, net_fen: $0.net.fen)
        }
    }
}
