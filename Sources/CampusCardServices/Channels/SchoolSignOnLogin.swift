import CampusCardChannels
import CampusCardCore
import CampusCardStore
import Foundation
import Logging

/// A school's own sign-on (`SchoolSignOn`), both ways: where the browser is sent, and who came
/// back, asked of the school server to server (CAS: the ticket at `/p3/serviceValidate`, for the
/// service URL it was issued to; OIDC: the code traded with PKCE's verifier, then the signed ID
/// token checked against the provider's keys and our nonce). The identity is the school's user
/// named within the school (`{school}:{user}`), so that two schools' equal 学工号 are two people.
/// Any failure of the school to vouch is one refusal, logged with its reason.
public struct SchoolSignOnLogin: Sendable {
    let transport: any ChannelTransport
    let key: MasterKey
    let logger: Logger

    public init(transport: any ChannelTransport, key: MasterKey, logger: Logger) {
        (self.transport, self.key, self.logger) = (transport, key, logger)
    }

    /// The school's sign-on page, coming back to `back` (our `signed-in` URL) with `state`.
    public func signOnURL(_ signOn: SchoolSignOn, back: String, state: String) -> String {
        switch signOn {
        case .cas(let server):
            CASServiceValidation.loginURL(server: server, service: Self.casService(back: back, state: state))
        case .oidc(let provider):
            OpenIDConnect.authorizeURL(
                provider, redirectURI: back, state: state, nonce: key.signOnProof("nonce", state: state),
                verifier: key.signOnProof("pkce", state: state))
        }
    }

    /// Who the school says came back with `query` to `back`, for this browser's `state`.
    public func identity(
        school: SchoolCode, signOn: SchoolSignOn, query: [String: String], back: String, state: String, secret: String?, at now: Date
    ) async throws -> ChannelIdentity {
        do {
            let user: String
            switch signOn {
            case .cas(let server):
                guard let ticket = query["ticket"], (1...256).contains(ticket.count) else { throw ChannelError.missingField("ticket") }
                let service = Self.casService(back: back, state: state)
                let answer = try await transport.send(
                    ChannelCall(method: "GET", url: CASServiceValidation.validateURL(server: server, service: service, ticket: ticket)))
                user = try CASServiceValidation.principal(fromResponse: answer.body).user
            case .oidc(let provider):
                user = try await token(
                    provider, query: query, back: back, verifier: key.signOnProof("pkce", state: state),
                    nonce: key.signOnProof("nonce", state: state), secret: secret, at: now
                ).user
            }
            guard (1...64).contains(user.count) else { throw ChannelError.malformedField("user") }
            return ChannelIdentity(channel: .schoolApp, userID: "\(school.rawValue):\(user)")
        } catch {
            logger.notice("school sign-on refused", metadata: ["school": "\(school.rawValue)", "reason": "\(error)"])
            throw CardError.channelLoginFailed
        }
    }

    /// The ID token `provider` signed for the code in `query` (or its refusal there), traded
    /// server to server with PKCE's `verifier` and checked against its keys and our `nonce`.
    func token(
        _ provider: SchoolSignOn.OpenIDProvider, query: [String: String], back: String, verifier: String, nonce: String, secret: String?,
        at now: Date
    ) async throws -> OpenIDConnect.VerifiedToken {
        if let refusal = query["error"] { throw ChannelError.rejected(refusal) }
        guard let code = query["code"], (1...512).contains(code.count) else { throw ChannelError.missingField("code") }
        let form = OpenIDConnect.tokenForm(code: code, redirectURI: back, clientID: provider.clientID, verifier: verifier, secret: secret)
        let token = try await transport.send(.form(provider.tokenEndpoint, form))
        let idToken = try OpenIDConnect.idToken(fromTokenResponse: token.body)
        let keys = try await transport.send(ChannelCall(method: "GET", url: provider.jwksURI))
        return try OpenIDConnect.verified(idToken: idToken, jwks: keys.body, provider: provider, nonce: nonce, at: now)
    }

    /// CAS carries no state of its own: it rides in the service URL, the very URL the ticket is
    /// issued to and checked for.
    static func casService(back: String, state: String) -> String {
        "\(back)&state=\(state)"
    }
}
