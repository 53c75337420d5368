import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardWeb
import Vapor

/// The reconciliation report (`DailyReconciliation`, as `/api/v1/console/reports/reconciliation`)
/// for whoever of the school reads reports: the form at first, the report once a day and channel
/// are asked for (a date or channel the service refuses is said on the form, 422), and its CSV.
struct ConsoleReportPages {
    func reconciliation(req: Request) async throws -> Response {
        let (desk, school) = try await Self.reader(req)
        let date = req.query[String.self, at: "date"]
        let provider = req.query[String.self, at: "provider"] ?? PaymentProvider.alipay.rawValue
        let today = LocalDate(try req.services.now, in: school.timeZone).description
        var page = ReconciliationPage(staff: desk.staff, date: String((date ?? today).prefix(32)), provider: String(provider.prefix(32)))
        guard date != nil else { return .page(page.render(req.consoleContext(desk)), req) }
        do {
            let report = try await DailyReconciliation(req.services).report(school: school, date: date, provider: provider)
            guard
                let slice = ConsolePaging.slice(
                    report.differences, page: req.query[String.self, at: "page"], perPage: ReconciliationPage.perPage)
            else { throw ConsolePaging.outOfRange }
            (page.report, page.differences, page.page, page.hasMore) = (report, slice.rows, slice.page, slice.hasMore)
            return .page(page.render(req.consoleContext(desk)), req)
        } catch let refused as CardError where refused.code == .invalidField {
            page.error = refused
            return .page(page.render(req.consoleContext(desk)), status: .unprocessableEntity, req)
        }
    }

    func reconciliationCSV(req: Request) async throws -> Response {
        let (_, school) = try await Self.reader(req)
        let report = try await DailyReconciliation(req.services).report(
            school: school, date: req.query[String.self, at: "date"], provider: req.query[String.self, at: "provider"])
        return ReconciliationRoutes.csv(report, of: school)
    }

    /// An administrator has the day's T+1 bill downloaded and checked now (`BillReconciliation`),
    /// then reads the report with its differences.
    func checkBill(req: Request) async throws -> Response {
        let desk = try await req.consoleDesk()
        let form = try req.consoleForm(session: desk.token)
        let school = try desk.ownSchool()
        try desk.staff.require(.runSchool, in: school)
        guard let date = form["date"], let day = LocalDate(date) else {
            throw CardError.invalidField("date", zh: "日期格式应为 YYYY-MM-DD", en: "date must be YYYY-MM-DD")
        }
        guard let provider = form["provider"].flatMap(PaymentProvider.init(rawValue:)) else {
            throw CardError.invalidField("provider", zh: "渠道应为 alipay 或 wechat_pay", en: "provider is alipay or wechat_pay")
        }
        _ = try await BillReconciliation(req.services).run(school: school, provider: provider, day: day)
        return .seeOther(ReconciliationPage.path(date: day.description, provider: provider.rawValue), req)
    }

    func takings(req: Request) async throws -> Response {
        let (desk, school) = try await Self.reader(req)
        let date = req.query[String.self, at: "date"]
        let today = LocalDate(try req.services.now, in: school.timeZone).description
        var page = MerchantTakingsPage(staff: desk.staff, date: String((date ?? today).prefix(32)))
        guard date != nil else { return .page(page.render(req.consoleContext(desk)), req) }
        do {
            let (_, takings) = try await MerchantTakingsReport(req.services).day(date, by: desk.staff, school: school)
            guard let slice = ConsolePaging.slice(takings, page: req.query[String.self, at: "page"], perPage: MerchantTakingsPage.perPage)
            else { throw ConsolePaging.outOfRange }
            (page.takings, page.page, page.hasMore) = (slice.rows, slice.page, slice.hasMore)
            page.total = Money(fen: takings.reduce(0) { $0 + $1.net.fen })
            return .page(page.render(req.consoleContext(desk)), req)
        } catch let refused as CardError where refused.code == .invalidField {
            page.error = refused
            return .page(page.render(req.consoleContext(desk)), status: .unprocessableEntity, req)
        }
    }

    func dashboard(req: Request) async throws -> Response {
        let (desk, school) = try await Self.reader(req)
        let date = req.query[String.self, at: "day"]
        let today = LocalDate(try req.services.now, in: school.timeZone).description
        var page = DashboardPage(staff: desk.staff, date: String((date ?? today).prefix(32)))
        do {
            let report = try await CardOfficeDashboard(req.services).day(date, by: desk.staff, school: school)
            guard
                let slice = ConsolePaging.slice(report.merchants, page: req.query[String.self, at: "page"], perPage: DashboardPage.perPage)
            else { throw ConsolePaging.outOfRange }
            (page.date, page.report, page.merchants, page.page, page.hasMore) = (
                report.day.description, report, slice.rows, slice.page, slice.hasMore
            )
            return .page(page.render(req.consoleContext(desk)), req)
        } catch let refused as CardError where refused.code == .invalidField {
            page.error = refused
            return .page(page.render(req.consoleContext(desk)), status: .unprocessableEntity, req)
        }
    }

    private static func reader(_ req: Request) async throws -> (ConsoleDesk, SchoolRecord) {
        let desk = try await req.consoleDesk()
        let school = try desk.ownSchool()
        try desk.staff.require(.read, in: school)
        return (desk, school)
    }
}
