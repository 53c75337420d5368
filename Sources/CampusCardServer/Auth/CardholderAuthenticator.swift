import CampusCardCore
import CampusCardServices
import CampusCardStore
import Vapor

extension CardholderSession: Authenticatable {}

/// `Authorization: Bearer <token>` from `POST /api/v1/h5/sessions`, used only from the device it
/// was opened on: every request names its device in `X-Device-ID`.
struct CardholderAuthenticator: AsyncBearerAuthenticator {
    func authenticate(bearer: BearerAuthorization, for request: Request) async throws {
        if let session = try await CardholderAccess(request.services).session(
            token: bearer.token, device: request.headers.first(name: "X-Device-ID"))
        {
            request.auth.login(session)
        }
    }
}

extension Request {
    func cardholder() throws -> CardholderSession {
        guard let session = auth.get(CardholderSession.self) else { throw CardError.unauthorized }
        return session
    }

    /// The path's binding, one of the session's, used from a device that has verified for it.
    func usableBinding() async throws -> (CardholderSession, BindingRecord) {
        let session = try cardholder()
        return (session, try await CardholderAccess(services).usableBinding(parameters.get("binding_id", as: Int64.self), of: session))
    }

    /// The path's usable binding and its school as it is now.
    func usableBindingAndSchool() async throws -> (BindingRecord, SchoolRecord) {
        let (_, binding) = try await usableBinding()
        return (binding, try await CardholderAccess(services).school(of: binding))
    }

    /// The path's binding, one of the session's, whatever the device's state (to verify it).
    func ownBinding() async throws -> (CardholderSession, BindingRecord) {
        let session = try cardholder()
        return (session, try await CardholderAccess(services).ownBinding(parameters.get("binding_id", as: Int64.self), of: session))
    }
}
