import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardWeb
import Vapor

/// "我的": payment password, phones, report lost, notice settings; and the notice inbox.
struct SecurityPages {
    func show(req: Request) async throws -> Response {
        try await me(CardholderPage.resolve(req), req)
    }

    func changePasswordForm(req: Request) async throws -> Response {
        let page = try await CardholderPage.resolve(req)
        return .page(ChangePasswordPage().render(page.context(req)), req)
    }

    func changePassword(req: Request) async throws -> Response {
        let page = try await CardholderPage.resolve(req)
        let form = try req.pageForm(session: page.token)
        do {
            try await CardBinding(try req.services).changePaymentPassword(
                of: page.binding, current: form["old_password"] ?? "", new: form["new_password"] ?? "",
                again: form["new_password_again"] ?? "")
        } catch let error as CardError where error.code != .internalError && error.code != .ledgerInconsistent {
            return .page(ChangePasswordPage(error: error).render(page.context(req)), status: error.code.httpStatus, req)
        }
        return .page(ChangePasswordPage(done: true).render(page.context(req)), req)
    }

    func removeDevice(req: Request) async throws -> Response {
        let page = try await CardholderPage.resolve(req)
        let form = try req.pageForm(session: page.token)
        let c = page.context(req)
        do {
            try await CardBinding(try req.services).revoke(device: form["device"] ?? "", of: page.binding)
        } catch let error as CardError where error.code != .internalError {
            return try await me(page, req, error: error)
        }
        return try await me(page, req, done: c.t("已移除该手机，它须重新验证后才能使用此卡。", "That phone is removed: it must verify again to use the card."))
    }

    func reportLost(req: Request) async throws -> Response {
        let page = try await CardholderPage.resolve(req)
        let form = try req.pageForm(session: page.token)
        guard form["confirm"] == "yes" else {
            return try await me(page, req, error: .invalidField("confirm", zh: "请勾选确认后再挂失", en: "tick the confirmation first"))
        }
        do {
            _ = try await CardService(try req.services).reportLost(by: page.binding)
        } catch let error as CardError where error.code != .internalError {
            return try await me(page, req, error: error)
        }
        return .seeOther(page.base, req)
    }

    func setNotices(req: Request) async throws -> Response {
        let page = try await CardholderPage.resolve(req)
        let form = try req.pageForm(session: page.token)
        func amount(_ name: String) -> String? { form[name].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } }
        do {
            try await CardholderInbox(try req.services).setPreferences(
                largeSpend: amount("large_spend"), lowBalance: amount("low_balance"), of: page.binding)
        } catch let error as CardError where error.code != .internalError {
            return try await me(page, req, error: error)
        }
        return try await me(page, req, done: page.context(req).t("通知设置已保存。", "Notice settings saved."))
    }

    func notices(req: Request) async throws -> Response {
        let page = try await CardholderPage.resolve(req)
        let (notices, unread) = try await CardholderInbox(try req.services).inbox(of: page.binding, school: page.school)
        return .page(NoticesPage(notices: notices, unread: unread).render(page.context(req)), req)
    }

    func markRead(req: Request) async throws -> Response {
        let page = try await CardholderPage.resolve(req)
        _ = try req.pageForm(session: page.token)
        try await CardholderInbox(try req.services).markRead(page.binding)
        return .seeOther(page.base + "/notices", req)
    }

    private func me(_ page: CardholderPage, _ req: Request, done: String? = nil, error: CardError? = nil) async throws -> Response {
        let services = try req.services
        let view = SecurityPage(
            name: page.binding.name, staffNumber: page.binding.staffNumber, card: page.binding.card,
            cardStatus: page.binding.cardStatus, devices: try await CardBinding(services).devices(of: page.binding),
            thisDevice: page.session.device.rawValue, preferences: try await CardholderInbox(services).preferences(of: page.binding),
            done: done,
            error: error)
        return .page(view.render(page.context(req)), status: error.map { $0.code.httpStatus } ?? .ok, req)
    }
}
