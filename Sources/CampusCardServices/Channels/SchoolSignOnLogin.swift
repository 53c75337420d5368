import CampusCardChannels
import CampusCardCore
import Foundation
import Logging

/// Who came back from the school's own sign-on (`SchoolSignOn`): the ticket is checked with the
/// school's server, server to server, for the service URL it was issued to. The identity is the
/// school's user named within the school (`{school}:{user}`), so that two schools' equal 学工号
/// are two people. Any failure of the school to vouch is one refusal, logged with its reason.
public struct SchoolSignOnLogin: Sendable {
    let transport: any ChannelTransport
    let logger: Logger

    public init(transport: any ChannelTransport, logger: Logger) {
        (self.transport, self.logger) = (transport, logger)
    }

    public func identity(school: SchoolCode, signOn: SchoolSignOn, ticket: String, service: String) async throws -> ChannelIdentity {
        do {
            switch signOn {
            case .cas(let server):
                let answer = try await transport.send(
                    ChannelCall(method: "GET", url: CASServiceValidation.validateURL(server: server, service: service, ticket: ticket)))
                let principal = try CASServiceValidation.principal(fromResponse: answer.body)
                guard (1...64).contains(principal.user.count) else { throw ChannelError.malformedField("cas:user") }
                return ChannelIdentity(channel: .schoolApp, userID: "\(school.rawValue):\(principal.user)")
            }
        } catch {
            logger.notice("school sign-on refused", metadata: ["school": "\(school.rawValue)", "reason": "\(error)"])
            throw CardError.channelLoginFailed
        }
    }
}
