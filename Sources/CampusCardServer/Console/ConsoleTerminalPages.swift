import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardWeb
import Vapor

/// The school's POS terminals (`Onboarding`, as `/api/v1/console/terminals`): the list for its
/// staff; for an administrator, a new terminal (its secret on the answer only), and re-keying
/// (a new secret, once) or disabling one after a confirmation. Another school's terminal is a 404.
struct ConsoleTerminalPages {
    func list(req: Request) async throws -> Response {
        let (desk, scope) = try await req.consoleScope()
        return try await Self.page(desk, scope.school, disabled: req.query[String.self, at: "done"] == "disabled", req)
    }

    func add(req: Request) async throws -> Response {
        let (desk, scope) = try await req.consoleScope()
        let form = try req.consoleForm(session: desk.token)
        let draft = (code: String((form["terminal_code"] ?? "").prefix(64)), merchant: String((form["merchant_code"] ?? "").prefix(64)))
        do {
            let issued = try await Onboarding(req.services).addTerminal(
                code: draft.code, merchant: draft.merchant, in: scope.school, by: .staff(desk.staff))
            let context = req.consoleContext(desk)
            let page = ShownOncePage.terminal(
                staff: desk.staff, title: context.t("终端已添加", "Terminal added"), terminal: issued.terminal, secret: issued.secret, context)
            return .page(page.render(context), status: .created, req)
        } catch let refused as CardError where [CardError.Code.invalidField, .alreadyExists, .notFound].contains(refused.code) {
            return try await Self.page(desk, scope.school, draft: draft, error: refused, req)
        }
    }

    func confirm(req: Request) async throws -> Response {
        let (desk, scope) = try await req.consoleScope()
        let change = try Self.change(req)
        let code = req.parameters.get("code") ?? ""
        // Another school's terminal is a 404 whoever asks; one of their own, 403 unless they run the school.
        guard
            let terminal = try await Onboarding(req.services).terminals(of: scope.school, for: .staff(desk.staff)).first(where: {
                $0.code == code && $0.active
            })
        else { throw CardError.notFound("terminal") }
        try desk.staff.require(.runSchool, in: scope.school)
        return .page(TerminalsPage.confirm(staff: desk.staff, terminal: terminal, change: change, req.consoleContext(desk)), req)
    }

    func change(req: Request) async throws -> Response {
        let (desk, scope) = try await req.consoleScope()
        _ = try req.consoleForm(session: desk.token)
        let code = req.parameters.get("code") ?? ""
        let onboarding = Onboarding(try req.services)
        switch try Self.change(req) {
        case .rekey:
            let issued = try await onboarding.rekeyTerminal(code, in: scope.school, by: .staff(desk.staff))
            let context = req.consoleContext(desk)
            let page = ShownOncePage.terminal(
                staff: desk.staff, title: context.t("终端密钥已更换", "Terminal re-keyed"), terminal: issued.terminal, secret: issued.secret,
                context)
            return .page(page.render(context), req)
        case .disable:
            _ = try await onboarding.disableTerminal(code, in: scope.school, by: .staff(desk.staff))
            return .seeOther(TerminalsPage.path + "?done=disabled", req)
        }
    }

    private static func change(_ req: Request) throws -> TerminalsPage.Change {
        guard let change = TerminalsPage.Change(rawValue: req.parameters.get("change") ?? "") else { throw CardError.notFound("page") }
        return change
    }

    private static func page(
        _ desk: ConsoleDesk, _ school: SchoolRecord, draft: (code: String, merchant: String) = ("", ""), error: CardError? = nil,
        disabled: Bool = false, _ req: Request
    ) async throws -> Response {
        let onboarding = Onboarding(try req.services)
        let page = TerminalsPage(
            staff: desk.staff, terminals: try await onboarding.terminals(of: school, for: .staff(desk.staff)),
            merchants: try await onboarding.merchants(of: school, for: .staff(desk.staff)), draft: draft, error: error, disabled: disabled)
        return .page(page.render(req.consoleContext(desk)), status: error?.code.httpStatus ?? .ok, req)
    }
}
