import CampusCardCore
import CampusCardServices
import CampusCardStore
import CampusCardWeb
import Vapor

/// Binding, one step per screen, then the channel's face certification and back (SPEC "Binding"). Each step
/// checks its own fields with the domain's rules before the next is shown; the roster is asked
/// once, at the end, by the same `CardBinding.bind` as the API.
struct BindingPages {
    typealias Step = BindStepPage.Step

    func show(req: Request) async throws -> Response {
        let (token, session, school) = try await signedIn(req)
        guard let step = req.parameters.get("step").flatMap(Step.init(rawValue:)) else { throw CardError.notFound("path") }
        let draft = PageDraft.open(req, session: token)
        return try await page(step, draft: draft, error: nil, token: token, session: session, school: school, req)
    }

    /// One step's answers, checked; then the next step.
    func submit(req: Request) async throws -> Response {
        let (token, session, school) = try await signedIn(req)
        guard let step = req.parameters.get("step").flatMap(Step.init(rawValue:)) else { throw CardError.notFound("path") }
        let form = try req.pageForm(session: token)
        var draft = PageDraft.open(req, session: token)
        if step == .face { return try await startFace(form, draft: draft, token: token, session: session, school: school, req) }
        do {
            try await Self.take(step, form, into: &draft, school: school, req)
        } catch let error as CardError {
            draft.values["passport_mode"] = form["proof"] == "passport" ? "1" : draft.values["passport_mode"]
            return try await page(
                step, draft: draft, error: error, token: token, session: session, school: school, req, status: error.code.httpStatus)
        }
        let next = Step.allCases[step.number]
        let response = Response.seeOther("/h5/\(school.code.rawValue)/bind/\(next.rawValue)", req)
        try draft.save(on: response, req)
        return response
    }

    /// The ID number typed: the server starts the channel's certification of the holder the
    /// earlier steps named, and the phone goes to the provider's page, which sends it back to `face-done`.
    private func startFace(
        _ form: [String: String], draft: PageDraft, token: String, session: CardholderSession, school: SchoolRecord, _ req: Request
    ) async throws -> Response {
        guard let staffNumber = draft.values["staff_number"], let name = draft.values["name"] else {
            return .seeOther("/h5/\(school.code.rawValue)/bind/identity", req)
        }
        let started: FaceCheck.Started
        do {
            started = try await FaceCheck(req.services).start(
                school: school.code.rawValue, staffNumber: staffNumber, name: name, idNumber: form["id_number"] ?? "", session: session,
                returnURL:
                    "\(req.publicOrigin)/h5/\(school.code.rawValue)/bind/face-done?state=\(ChannelEntry.formEncoded(req.formToken(session: token)))"
            )
        } catch let error as CardError where error.code == .nationalIDInvalid || error.details["field"] == "id_number" {
            return try await page(
                .face, draft: draft, error: error, token: token, session: session, school: school, req, status: error.code.httpStatus)
        } catch let error as CardError {
            return refused(error, token: token, school: school, req)
        }
        return .seeOther(started.url, req)
    }

    /// Back from the channel's face page: everything answered goes to the roster in one bind.
    func faceReturned(req: Request) async throws -> Response {
        let (token, session, school) = try await signedIn(req)
        let draft = PageDraft.open(req, session: token)
        guard req.query[String.self, at: "state"] == req.formToken(session: token) else { throw CardError.formExpired }
        let values = draft.values
        guard let staffNumber = values["staff_number"], let name = values["name"], let payment = values["payment_password"] else {
            return .seeOther("/h5/\(school.code.rawValue)/bind/identity", req)
        }
        let form = CardBinding.Form(
            school: school.code.rawValue, campus: values["campus"], staffNumber: staffNumber, name: name,
            initialPassword: values["initial_password"], passport: values["passport"], paymentPassword: payment,
            faceCertification: req.query[String.self, at: "certification_id"] ?? "")
        do {
            _ = try await CardBinding(req.services).bind(form, session: session, from: req.clientAddress)
        } catch let error as CardError {
            return refused(error, token: token, school: school, req)
        }
        let response = Response.seeOther("/h5/\(school.code.rawValue)", req)
        PageDraft.clear(on: response, req)
        return response
    }

    /// A refusal of the bind or of its face step, with the way back to the step it is about.
    private func refused(_ error: CardError, token: String, school: SchoolRecord, _ req: Request) -> Response {
        let back: Step =
            switch error.code {
            case .paymentPasswordFormat, .paymentPasswordWeak, .paymentPasswordWrong: .payment
            case .faceVerificationInvalid, .faceVerificationStale, .faceVerificationReplayed, .faceVerificationUnavailable: .face
            default: .identity
            }
        let page = ErrorPage(
            error: error, serviceCenter: school.settings.serviceCenterHours, back: "/h5/\(school.code.rawValue)/bind/\(back.rawValue)")
        return .page(page.render(req.pageContext(session: token, school: school)), status: error.code.httpStatus, req)
    }

    private func signedIn(_ req: Request) async throws -> (String, CardholderSession, SchoolRecord) {
        let entry = try await req.pageEntry()
        guard let session = entry.session, let token = req.cookies[PageCookie.session]?.string else { throw CardError.unauthorized }
        return (token, session, entry.school)
    }

    private func page(
        _ step: Step, draft: PageDraft, error: CardError?, token: String, session: CardholderSession, school: SchoolRecord, _ req: Request,
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let campuses = try await SchoolStore(try req.store.sql).campuses(of: school.id).map {
            BindStepPage.Campus(code: $0.code.rawValue, name: $0.name)
        }
        // Passwords are never written back into a page.
        let values = draft.values.filter { $0.key != "initial_password" && $0.key != "payment_password" }
        let passport = req.query[String.self, at: "passport"] == "1" || draft.values["passport_mode"] == "1"
        let page = BindStepPage(
            step: step, schoolName: school.name, campuses: campuses, values: values, passport: passport,
            staffNumberDigits: school.settings.staffNumberDigits, error: error)
        return .page(page.render(req.pageContext(session: token, school: school)), status: status, req)
    }

    /// A step's fields by the domain's rules, kept in the draft as the rules normalise them.
    static func take(_ step: Step, _ form: [String: String], into draft: inout PageDraft, school: SchoolRecord, _ req: Request) async throws
    {
        switch step {
        case .campus:
            let campuses = try await SchoolStore(try req.store.sql).campuses(of: school.id)
            if campuses.isEmpty { return }
            guard let code = form["campus"], campuses.contains(where: { $0.code.rawValue == code }) else {
                throw CardError.invalidField("campus", zh: "请选择校区", en: "choose your campus")
            }
            draft.values["campus"] = code
        case .identity:
            draft.values["staff_number"] = try StaffNumber(form["staff_number"] ?? "", digits: school.settings.staffNumberDigits).rawValue
            draft.values["name"] = try RealName(form["name"] ?? "").rawValue
        case .proof:
            if form["proof"] == "passport" {
                draft.values["passport"] = try PassportNumber(form["passport"] ?? "").rawValue
                draft.values["initial_password"] = nil
                draft.values["passport_mode"] = "1"
            } else {
                draft.values["initial_password"] = try BindApplication.initialPassword(form["initial_password"] ?? "")
                draft.values["passport"] = nil
                draft.values["passport_mode"] = nil
            }
        case .payment:
            let chosen = try PaymentPassword(choosing: form["payment_password"] ?? "", initialPassword: draft.values["initial_password"])
            guard form["payment_password_again"] == chosen.digits else {
                throw CardError.invalidField("payment_password_again", zh: "两次输入的支付密码不一致", en: "the two passwords differ")
            }
            draft.values["payment_password"] = chosen.digits
        case .face:
            break
        }
    }
}
