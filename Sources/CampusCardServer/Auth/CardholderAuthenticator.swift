import CampusCardCore
import CampusCardStore
import Vapor

extension CardholderSession: Authenticatable {}

/// `Authorization: Bearer <token>` from `POST /api/v1/h5/sessions`, used only from the device it
/// was opened on: every request names its device in `X-Device-ID`.
struct CardholderAuthenticator: AsyncBearerAuthenticator {
    func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
        guard let session = try await CardholderSessions(request.store.sql).session(token: bearer.token, at: request.now),
            request.headers.first(name: "X-Device-ID") == session.device.rawValue
        else { return }
        request.auth.login(session)
    }
}

extension Request {
    func cardholder() throws -> CardholderSession {
        guard let session = auth.get(CardholderSession.self) else { throw CardError.unauthorized }
        return session
    }

    /// One of the session's bindings, used from a device that has verified for it.
    func usableBinding() async throws -> (CardholderSession, BindingRecord) {
        let (session, binding) = try await ownBinding()
        try await Bindings(store).ensureMayUseCard(session.device, of: binding)
        return (session, binding)
    }

    /// The school a binding belongs to, with its settings as they are now.
    func school(of binding: BindingRecord) async throws -> SchoolRecord {
        guard let school = try await SchoolStore(store.sql).find(id: binding.schoolID) else { throw CardError.internalError }
        return school
    }

    /// One of the session's bindings, whatever the device's state (to verify it).
    func ownBinding() async throws -> (CardholderSession, BindingRecord) {
        let session = try cardholder()
        guard let id = parameters.get("binding_id", as: Int64.self),
            let binding = try await Bindings(store).binding(id, of: session.identity)
        else { throw CardError.notFound("binding") }
        return (session, binding)
    }
}
