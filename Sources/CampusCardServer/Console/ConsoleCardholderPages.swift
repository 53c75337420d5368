import CampusCardCore
import CampusCardServices
import CampusCardWeb
import Vapor

/// The service center's look-up: the search and a cardholder's profile (`CardholderLookup`).
struct ConsoleCardholderPages {
    /// `?q=…&page=n`; a search the service refuses (too long, a page out of range) is shown on
    /// the search form with the API's status.
    func search(req: Request) async throws -> Response {
        let desk = try await req.consoleDesk()
        let school = try desk.ownSchool()
        let query = req.query[String.self, at: "q"] ?? ""
        do {
            let found = try await CardholderLookup(req.services).search(
                query, page: req.query[Int.self, at: "page"] ?? 1, by: desk.staff, school: school)
            let page = ConsoleSearchPage(
                staff: desk.staff, query: query, cardholders: found.cardholders, page: found.page, hasMore: found.hasMore)
            return .page(page.render(req.consoleContext(desk)), req)
        } catch let refused as CardError where refused.code == .invalidField {
            let page = ConsoleSearchPage(staff: desk.staff, query: String(query.prefix(64)), error: refused)
            return .page(page.render(req.consoleContext(desk)), status: refused.code.httpStatus, req)
        }
    }

    /// `/console/cardholders/{学工号}?before=…&audit_page=n&done=action`.
    func profile(req: Request) async throws -> Response {
        let desk = try await req.consoleDesk()
        let before = req.query[Int64.self, at: "before"]
        let found = try await CardholderLookup(req.services).profile(
            staffNumber: req.parameters.get("staff_number") ?? "", recordsBefore: before,
            auditPage: req.query[Int.self, at: "audit_page"] ?? 1, by: desk.staff, school: try desk.ownSchool())
        let page = CardholderProfilePage(
            staff: desk.staff, cardholder: found.cardholder, cards: found.cards, bindings: found.bindings, records: found.records,
            nextRecords: found.nextRecords, newestRecords: before == nil, audit: found.audit, auditPage: found.auditPage,
            moreAudit: found.moreAudit, done: req.query[String.self, at: "done"].flatMap(CounterDone.init(rawValue:)))
        return .page(page.render(req.consoleContext(desk)), req)
    }
}
