import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardWeb
import Vapor

/// Auto top-up from the page, over the same `AutoTopUpService` as the API: the bank card, the
/// bank's SMS code, the terms with the payment password (kept sealed for the face step), the face,
/// then the confirmed changes and refunds.
struct AutoTopUpPages {
    func show(req: Request) async throws -> Response {
        let page = try await CardholderPage.resolve(req)
        return try await render(page, req)
    }

    func open(req: Request) async throws -> Response {
        let page = try await CardholderPage.resolve(req)
        let form = try req.pageForm(session: page.token)
        return try await acting(page, req) {
            let (openingNo, masked) = try await AutoTopUpService(try req.services).beginOpening(
                .init(
                    cardNumber: form["card_number"] ?? "", holderName: form["holder_name"] ?? "", idNumber: form["id_number"] ?? "",
                    phone: form["phone"] ?? ""),
                cardholderID: page.binding.cardholderID)
            return try await render(page, req, step: .smsSent(openingNo: openingNo, maskedPhone: masked))
        }
    }

    /// A refused code keeps the SMS step (with a new code to ask for), unless the opening is gone.
    func verify(req: Request) async throws -> Response {
        let page = try await CardholderPage.resolve(req)
        let form = try req.pageForm(session: page.token)
        let openingNo = form["opening_no"] ?? ""
        do {
            _ = try await AutoTopUpService(try req.services).completeOpening(
                openingNo: openingNo, code: form["sms_code"] ?? "", cardholderID: page.binding.cardholderID, purse: page.binding.purse,
                school: page.school)
            return .seeOther(page.base + "/auto-top-up", req)
        } catch let error as CardError where error.code != .internalError && error.code != .ledgerInconsistent {
            let waiting = error.details["field"] != "opening"
            let step: AutoTopUpPage.Step =
                waiting ? .smsSent(openingNo: openingNo, maskedPhone: String((form["masked_phone"] ?? "").prefix(20))) : .overview
            return try await render(page, req, step: step, error: error)
        }
    }

    func newCode(req: Request) async throws -> Response {
        let page = try await CardholderPage.resolve(req)
        let form = try req.pageForm(session: page.token)
        return try await acting(page, req) {
            let (openingNo, masked) = try await AutoTopUpService(try req.services).resendCode(
                openingNo: form["opening_no"] ?? "", cardholderID: page.binding.cardholderID)
            return try await render(page, req, step: .smsSent(openingNo: openingNo, maskedPhone: masked))
        }
    }

    /// The terms and payment password are checked for form here and kept sealed; the face step signs.
    func sign(req: Request) async throws -> Response {
        let page = try await CardholderPage.resolve(req)
        let form = try req.pageForm(session: page.token)
        return try await acting(page, req) {
            _ = try AutoTopUpService.amounts(form["threshold"] ?? "", form["amount"] ?? "", school: page.school)
            let password = try PaymentPassword(entered: form["payment_password"] ?? "")
            let state = ChannelEntry.formEncoded(req.formToken(session: page.token))
            let face = try await FaceCheck(try req.services).start(
                for: page.binding, idNumber: form["id_number"] ?? "", session: page.session,
                returnURL: "\(req.publicOrigin)\(page.base)/auto-top-up/face-done?state=\(state)"
            ).url
            var draft = PageDraft.open(req, session: page.token)
            draft.values["auto_threshold"] = form["threshold"]
            draft.values["auto_amount"] = form["amount"]
            draft.values["auto_password"] = password.digits
            let response = Response.seeOther(face, req)
            try draft.save(on: response, req)
            return response
        }
    }

    func faceReturned(req: Request) async throws -> Response {
        let page = try await CardholderPage.resolve(req)
        guard req.query[String.self, at: "state"] == req.formToken(session: page.token) else { throw CardError.formExpired }
        let draft = PageDraft.open(req, session: page.token)
        let response = try await acting(page, req) {
            _ = try await AutoTopUpService(try req.services).sign(
                page.binding, session: page.session, threshold: draft.values["auto_threshold"] ?? "",
                amount: draft.values["auto_amount"] ?? "",
                paymentPassword: draft.values["auto_password"] ?? "",
                faceCertification: req.query[String.self, at: "certification_id"] ?? "",
                school: page.school)
            return .seeOther(page.base + "/auto-top-up", req)
        }
        PageDraft.clear(on: response, req)
        return response
    }

    /// Pause, resume, change, cancel: each only with its box ticked.
    func act(req: Request) async throws -> Response {
        let page = try await CardholderPage.resolve(req)
        let form = try req.pageForm(session: page.token)
        let c = page.context(req)
        return try await acting(page, req) {
            let action = req.parameters.get("action") ?? ""
            let box = action == "refund" ? "confirm-refund-\(form["order_no"] ?? "")" : "confirm-\(action)"
            guard form[box] == "yes" else {
                throw CardError.invalidField("confirm", zh: "请勾选确认后再提交", en: "tick the confirmation first")
            }
            let service = AutoTopUpService(try req.services)
            let cardholder = page.binding.cardholderID
            let done: String
            switch action {
            case "pause":
                _ = try await service.pause(cardholderID: cardholder)
                done = c.t("自动充值已暂停。", "Auto top-up is paused.")
            case "resume":
                _ = try await service.resume(cardholderID: cardholder)
                done = c.t("自动充值已恢复。", "Auto top-up is resumed.")
            case "change":
                _ = try await service.change(
                    cardholderID: cardholder, threshold: form["threshold"] ?? "", amount: form["amount"] ?? "", school: page.school)
                done = c.t("规则已修改。", "The rule is changed.")
            case "cancel":
                _ = try await service.cancel(cardholderID: cardholder)
                done = c.t("已解约，不再自动代扣。", "Cancelled: nothing more is debited.")
            case "refund":
                let refund = try await service.refund(
                    orderNo: form["order_no"] ?? "", cardholderID: cardholder, requestedBy: AutoTopUpService.cardholderActor(cardholder),
                    school: page.school)
                done =
                    refund.status == .failed
                    ? c.t("银行未受理退款，款项已退回校园卡余额。", "The bank refused the refund; the money is back on the card.")
                    : c.t(
                        "已申请退款 \(refund.amount.formatted)，将退回银行卡。",
                        "Refund of \(refund.amount.formatted) asked: it goes back to the bank card.")
            default:
                throw CardError.notFound("action")
            }
            return try await render(page, req, done: done)
        }
    }

    /// Runs a step; a refusal shows the page again with it (and the status it has on the API).
    private func acting(_ page: CardholderPage, _ req: Request, _ step: () async throws -> Response) async throws -> Response {
        do {
            return try await step()
        } catch let error as CardError where error.code != .internalError && error.code != .ledgerInconsistent {
            return try await render(page, req, error: error)
        }
    }

    private func render(
        _ page: CardholderPage, _ req: Request, step: AutoTopUpPage.Step = .overview, done: String? = nil, error: CardError? = nil
    ) async throws -> Response {
        let overview = try await AutoTopUpService(try req.services).overview(cardholderID: page.binding.cardholderID, school: page.school)
        let view = AutoTopUpPage(overview: overview, step: step, done: done, error: error)
        return .page(view.render(page.context(req)), status: error.map { $0.code.httpStatus } ?? .ok, req)
    }
}
