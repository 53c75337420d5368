import CampusCardCore
import CampusCardServices
import CampusCardWeb
import Vapor

/// The leavers' lists (`GraduateLists`): `?list=30|7|frozen&page=n`; a page the service refuses
/// (out of range) is said on the page with the API's status, an unknown list is a 404.
struct ConsoleGraduatePages {
    func list(req: Request) async throws -> Response {
        let desk = try await req.consoleDesk()
        let school = try desk.ownSchool()
        guard let list = GraduateList(rawValue: req.query[String.self, at: "list"] ?? GraduateList.within30Days.rawValue) else {
            throw CardError.notFound("page")
        }
        do {
            let found = try await GraduateLists(req.services).page(
                list, page: req.query[Int.self, at: "page"] ?? 1, by: desk.staff, school: school)
            let page = GraduatesPage(staff: desk.staff, list: list, graduates: found.graduates, page: found.page, hasMore: found.hasMore)
            return .page(page.render(req.consoleContext(desk)), req)
        } catch let refused as CardError where refused.code == .invalidField {
            let page = GraduatesPage(staff: desk.staff, list: list, error: refused)
            return .page(page.render(req.consoleContext(desk)), status: refused.code.httpStatus, req)
        }
    }
}
