import CampusCardChannels
import CampusCardCore
import Foundation
import Logging

/// Who the cardholder is, as the channel vouches: the `auth_code` their page received is
/// exchanged server to server, the way each channel does it. Any failure of the channel to
/// vouch (an unknown, used or expired code, a forged answer, an unreachable gateway) is one
/// refusal, logged with its reason.
public struct ChannelLogin: Sendable {
    let access: ChannelAccess
    let transport: any ChannelTransport
    let logger: Logger

    public init(access: ChannelAccess, transport: any ChannelTransport, logger: Logger) {
        (self.access, self.transport, self.logger) = (access, transport, logger)
    }

    public func identity(channel: BindingChannel, authCode: String, at now: Date) async throws -> ChannelIdentity {
        do {
            let userID = try await userID(channel: channel, authCode: authCode, at: now)
            guard (1...128).contains(userID.count) else { throw ChannelError.malformedField("user_id") }
            return ChannelIdentity(channel: channel, userID: userID)
        } catch let error as CardError {
            throw error
        } catch {
            logger.notice("channel login refused", metadata: ["channel": "\(channel.rawValue)", "reason": "\(error)"])
            throw CardError.channelLoginFailed
        }
    }

    private func userID(channel: BindingChannel, authCode: String, at now: Date) async throws -> String {
        switch channel {
        case .alipay:
            let signer = AlipayRequestSigner(appID: access.alipay.appID, appPrivateKey: access.alipay.appPrivateKey)
            let answer = try await transport.send(
                .form(access.alipay.gatewayURL, try AlipayOAuthToken.requestParameters(authCode: authCode, signer: signer, at: now)))
            return try AlipayOAuthToken.userID(
                fromResponse: String(decoding: answer.body, as: UTF8.self),
                verifier: AlipayResponseVerifier(alipayPublicKey: access.alipay.alipayPublicKey))
        case .wechat:
            var url = URLComponents(string: access.wechat.oauthURL + "/sns/oauth2/access_token")!
            url.queryItems = OAuthCodeExchange.weChatQuery(appID: access.wechat.appID, secret: access.wechat.appSecret, code: authCode)
                .map(URLQueryItem.init)
            let answer = try await transport.send(ChannelCall(method: "GET", url: url.string!))
            return try OAuthCodeExchange.weChatOpenID(fromResponse: answer.body)
        case .schoolApp:
            let answer = try await transport.send(
                .form(
                    access.schoolLogin.baseURL + "/oauth/token",
                    OAuthCodeExchange.schoolLoginForm(
                        clientID: access.schoolLogin.clientID, secret: access.schoolLogin.clientSecret, code: authCode)))
            return try OAuthCodeExchange.schoolUserID(fromResponse: answer.body)
        }
    }
}
