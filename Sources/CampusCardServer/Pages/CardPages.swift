import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardWeb
import Vapor

/// The bound card: home, records and statements, the payment code, and verifying a new phone.
struct CardPages {
    func home(req: Request) async throws -> Response {
        let services = try req.services
        let home = try await CardholderHome(services).home(
            school: req.parameters.get("school") ?? "", token: req.cookies[PageCookie.session]?.string, device: req.pageDevice)
        let page = try CardholderPage.resolve(home.entry, req)
        let view = HomePage(
            name: page.binding.name, balance: home.balance, card: page.binding.card, cardStatus: page.binding.cardStatus,
            statusSince: home.statusSince, records: home.records, announcements: home.announcements, maintenance: home.maintenance,
            unreadNotices: home.unreadNotices, now: services.now)
        return .page(view.render(page.context(req)), req)
    }

    func records(req: Request) async throws -> Response {
        let page = try await CardholderPage.resolve(req)
        let services = try req.services
        let month =
            req.query[String.self, at: "month"].flatMap { LocalDate($0 + "-01") != nil ? $0 : nil }
            ?? String(LocalDate(services.now, in: page.school.timeZone).description.prefix(7))
        let first = LocalDate(month + "-01")!
        let kind = req.query[String.self, at: "kind"].flatMap { $0.isEmpty ? nil : $0 }
        let before = req.query[Int64.self, at: "before"]
        let filter = CardRecords.Filter(
            before: before, kinds: kind, from: first.description, to: first.adding(months: 1).addingDays(-1).description, limit: 50)
        let view: RecordsPage
        do {
            let (records, next) = try await CardRecords(services).page(of: page.binding.purse, school: page.school, filter)
            view = RecordsPage(records: records, nextBefore: next, kind: kind, month: month)
        } catch let error as CardError {
            view = RecordsPage(records: [], nextBefore: nil, kind: nil, month: month, error: error)
        }
        return .page(view.render(page.context(req)), req)
    }

    func statement(req: Request) async throws -> Response {
        let page = try await CardholderPage.resolve(req)
        return try await RecordRoutes.statement(
            req, purse: page.binding.purse, school: page.school, name: "statement-\(page.binding.staffNumber)")
    }

    func paymentCode(req: Request) async throws -> Response {
        let page = try await CardholderPage.resolve(req)
        let services = try req.services
        let state: PaymentCodePage.State
        do {
            let (code, expiresAt) = try await CardService(services).paymentCode(for: page.binding)
            state = .code(code, expiresAt: expiresAt)
        } catch let error as CardError where error.code != .internalError {
            state = .unusable(error)
        }
        return .page(PaymentCodePage(state: state, now: services.now).render(page.context(req)), req)
    }

    /// A phone not verified for the card: the payment password first, kept sealed for the face step.
    func verify(req: Request) async throws -> Response {
        let page = try await CardholderPage.resolve(req, need: .own)
        let draft = PageDraft.open(req, session: page.token)
        let view = VerifyDevicePage(
            name: page.binding.name,
            faceURL: draft.values["verify_password"] == nil ? nil : Self.faceURL(page, req, returnPath: "/verify/face-done"))
        return .page(view.render(page.context(req)), req)
    }

    func verifyPassword(req: Request) async throws -> Response {
        let page = try await CardholderPage.resolve(req, need: .own)
        let form = try req.pageForm(session: page.token)
        var draft = PageDraft.open(req, session: page.token)
        // Only its form here; whether it is right is checked with the face result, as the API does.
        let entered = Result { () throws(CardError) in try PaymentPassword(entered: form["payment_password"] ?? "") }
        switch entered {
        case .success(let password): draft.values["verify_password"] = password.digits
        case .failure(let error):
            return .page(
                VerifyDevicePage(name: page.binding.name, error: error).render(page.context(req)), status: .unprocessableEntity, req)
        }
        let response = Response.seeOther(page.base + "/verify", req)
        try draft.save(on: response, req)
        return response
    }

    func verifyFaceReturned(req: Request) async throws -> Response {
        let page = try await CardholderPage.resolve(req, need: .own)
        guard req.query[String.self, at: "state"] == req.formToken(session: page.token) else { throw CardError.formExpired }
        let draft = PageDraft.open(req, session: page.token)
        let response = Response.seeOther(page.base, req)
        do {
            _ = try await CardBinding(try req.services).verifyDevice(
                of: page.binding, session: page.session, paymentPassword: draft.values["verify_password"] ?? "",
                faceResult: req.query[String.self, at: "face_result"] ?? "")
        } catch let error as CardError {
            let view = ErrorPage(error: error, serviceCenter: page.school.settings.serviceCenterHours, back: page.base + "/verify")
            let failed = Response.page(view.render(page.context(req)), status: error.code.httpStatus, req)
            PageDraft.clear(on: failed, req)
            return failed
        }
        PageDraft.clear(on: response, req)
        return response
    }

    /// The channel's face page, coming back to `returnPath` under the school's pages.
    static func faceURL(_ page: CardholderPage, _ req: Request, returnPath: String) -> String? {
        req.application.campusCard.channelAccess.flatMap {
            ChannelEntry.faceURL(
                page.session.identity.channel, access: $0, userID: page.session.identity.userID,
                returnURL: "\(req.publicOrigin)\(page.base)\(returnPath)", state: req.formToken(session: page.token))
        }
    }
}
