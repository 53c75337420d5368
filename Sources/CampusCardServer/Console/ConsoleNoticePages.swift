import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardWeb
import Vapor

/// The school's board (`ServiceNoticeBoard`, as `/api/v1/console/{maintenance-windows|announcements}`):
/// every staff member of the school reads it; an administrator publishes on it (a refusal is said
/// on the form, 422) and withdraws from it after a confirmation. Another school's id is a 404.
struct ConsoleNoticePages {
    func list(req: Request) async throws -> Response {
        let (desk, school, kind) = try await Self.board(req)
        let done = req.query[String.self, at: "done"].flatMap(NoticeBoardPage.Done.init(rawValue:))
        let draft = NoticeBoardPage.Draft.from(try req.services.now, in: school.timeZone)
        return try await Self.page(desk, school, kind, draft: draft, done: done, req)
    }

    func publish(req: Request) async throws -> Response {
        let (desk, school, kind) = try await Self.board(req)
        try desk.staff.require(.runSchool, in: school)
        let form = try req.consoleForm(session: desk.token)
        let draft = NoticeBoardPage.Draft(
            title: String((form["title"] ?? "").prefix(200)), body: String((form["body"] ?? "").prefix(4_000)),
            startsAt: String((form["starts_at"] ?? "").prefix(32)), endsAt: String((form["ends_at"] ?? "").prefix(32)))
        do {
            let startsAt = try ConsoleDateTime.field("starts_at", draft.startsAt, in: school.timeZone)
            let endsAt = try ConsoleDateTime.field("ends_at", draft.endsAt, in: school.timeZone)
            _ = try await ServiceNoticeBoard(req.services, kind).publish(
                title: draft.title.trimmingCharacters(in: .whitespacesAndNewlines), body: draft.body, startsAt: startsAt, endsAt: endsAt,
                by: desk.staff, school: school)
            return .seeOther(NoticeBoardPage.path(kind) + "?done=published", req)
        } catch let refused as CardError where refused.code == .invalidField {
            return try await Self.page(desk, school, kind, draft: draft, error: refused, req)
        }
    }

    /// The confirmation: what is withdrawn and what follows.
    func confirmWithdrawal(req: Request) async throws -> Response {
        let (desk, school, kind) = try await Self.board(req)
        try desk.staff.require(.runSchool, in: school)
        let notice = try await Self.notice(req, kind, school)
        let html = NoticeBoardPage.withdrawal(
            staff: desk.staff, kind: kind, notice: notice, now: try req.services.now, req.consoleContext(desk))
        return .page(html, req)
    }

    func withdraw(req: Request) async throws -> Response {
        let (desk, school, kind) = try await Self.board(req)
        _ = try req.consoleForm(session: desk.token)
        try await ServiceNoticeBoard(req.services, kind).withdraw(
            req.parameters.get("id", as: Int64.self), by: desk.staff, school: school)
        return .seeOther(NoticeBoardPage.path(kind) + "?done=withdrawn", req)
    }

    private static func board(_ req: Request) async throws -> (ConsoleDesk, SchoolRecord, ServiceNotices.Kind) {
        let desk = try await req.consoleDesk()
        let school = try desk.ownSchool()
        guard let kind = NoticeBoardPage.kind(req.parameters.get("kind")) else { throw CardError.notFound("page") }
        try desk.staff.require(.read, in: school)
        return (desk, school, kind)
    }

    /// One of the school's notices on now or to come, else a 404.
    private static func notice(_ req: Request, _ kind: ServiceNotices.Kind, _ school: SchoolRecord) async throws -> ServiceNotice {
        let id = req.parameters.get("id", as: Int64.self)
        guard let notice = try await ServiceNoticeBoard(req.services, kind).upcoming(school: school).first(where: { $0.id == id }) else {
            throw CardError.notFound(kind.noun)
        }
        return notice
    }

    /// The board at `?page=n` (a page out of range is said on the page, 422) with the form.
    private static func page(
        _ desk: ConsoleDesk, _ school: SchoolRecord, _ kind: ServiceNotices.Kind, draft: NoticeBoardPage.Draft, error: CardError? = nil,
        done: NoticeBoardPage.Done? = nil, _ req: Request
    ) async throws -> Response {
        let now = try req.services.now
        let all = try await ServiceNoticeBoard(req.services, kind).upcoming(school: school)
        let context = req.consoleContext(desk)
        guard let slice = ConsolePaging.slice(all, page: req.query[String.self, at: "page"], perPage: NoticeBoardPage.perPage) else {
            let page = NoticeBoardPage(
                staff: desk.staff, kind: kind, notices: [], now: now, draft: draft, error: ConsolePaging.outOfRange)
            return .page(page.render(context), status: .unprocessableEntity, req)
        }
        let page = NoticeBoardPage(
            staff: desk.staff, kind: kind, notices: slice.rows, now: now, page: slice.page, hasMore: slice.hasMore, draft: draft,
            error: error, done: done)
        return .page(page.render(context), status: error?.code.httpStatus ?? .ok, req)
    }
}

/// A list the service answers whole, cut into the console's pages.
enum ConsolePaging {
    static let outOfRange = CardError.invalidField("page", zh: "没有这一页", en: "there is no such page")

    /// Page `text` (1 when absent) of `rows`; nil for a page that is not a number from 1 to the last.
    static func slice<Row>(_ rows: [Row], page text: String?, perPage: Int) -> (rows: [Row], page: Int, hasMore: Bool)? {
        guard let page = text.map({ Int($0) }) ?? 1, page >= 1, page == 1 || (page - 1) * perPage < rows.count else { return nil }
        let start = (page - 1) * perPage
        let end = min(rows.count, start + perPage)
        return (Array(rows[start..<end]), page, end < rows.count)
    }
}
