import CampusCardCore
import CampusCardServices
import CampusCardStore
import Vapor

/// The daily reconciliation report for the card office: `GET /api/v1/console/reports/reconciliation
/// ?date=YYYY-MM-DD&provider=alipay` (add `&format=csv` for a spreadsheet). Every order of that
/// school day is asked about at the channel (its query API) and set against our record.
struct ReconciliationRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped("api", "v1", "console", "reports").grouped(StaffAuthenticator()).get("reconciliation", use: report)
    }

    func report(req: Request) async throws -> Response {
        let (_, school) = try await req.staffSchool()
        let report = try await DailyReconciliation(req.services).report(
            school: school, date: req.query[String.self, at: "date"], provider: req.query[String.self, at: "provider"])
        if req.query[String.self, at: "format"] == "csv" { return Self.csv(report, of: school) }
        let response = Response()
        try response.content.encode(ReconciliationDTO(report))
        return response
    }

    /// The report as a spreadsheet to download (the API's and the console's).
    static func csv(_ report: ReconciliationReport, of school: SchoolRecord) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(
            .attachment, filename: "reconciliation-\(school.code)-\(report.provider.rawValue)-\(report.day).csv")
        return Response(headers: headers, body: .init(string: report.csv))
    }
}

struct ReconciliationDTO: Content {
    struct DifferenceDTO: Content {
        var kind: String
        var order_no: String?
        var detail: String
    }
    var date: String
    var provider: String
    var credited_count: Int
    var credited_total: String
    var fees: String
    var channel_paid_count: Int
    var channel_paid_total: String
    var differences: [DifferenceDTO]

    init(_ report: ReconciliationReport) {
        date = report.day.description
        provider = report.provider.rawValue
        credited_count = report.creditedCount
        credited_total = report.creditedTotal.yuanString
        fees = report.fees.yuanString
        channel_paid_count = report.channelPaidCount
        channel_paid_total = report.channelPaidTotal.yuanString
        differences = report.differences.map { DifferenceDTO(kind: $0.kind.rawValue, order_no: $0.orderNo, detail: $0.detail) }
    }
}
