import Foundation

/// A face check asked of a school's OpenID provider (OIDC Core 1.0 §3.1.2.1 step-up): the
/// authorization request asks the provider to authenticate the user again, now (`prompt=login`,
/// `max_age=0`), by the method whose `acr` the school named for a face (`acr_values`), as the
/// holder we expect (`login_hint`). The provider may ignore any of it, so the ID token itself must
/// show it happened: a fresh `auth_time`, that `acr`, `face` among the `amr` (RFC 8176 §2) when
/// listed, and the holder as its user.
public struct OpenIDFaceStepUp: Sendable, Equatable {
    /// The `acr` the school's provider asserts after a face authentication.
    public var acr: String
    /// The 学工号 the face must be the holder's.
    public var user: String
    /// When we started the certification: an authentication before it is not this face check.
    public var startedAt: Date

    public init(acr: String, user: String, startedAt: Date) {
        (self.acr, self.user, self.startedAt) = (acr, user, startedAt)
    }

    var parameters: [(String, String)] {
        [("prompt", "login"), ("max_age", "0"), ("acr_values", acr), ("login_hint", user)]
    }

    /// Refuses `token` unless it shows a face authentication of `user` since `startedAt`.
    public func check(_ token: OpenIDConnect.VerifiedToken) throws {
        guard let authTime = token.authTime, authTime >= startedAt.addingTimeInterval(-OpenIDConnect.clockSkew) else {
            throw ChannelError.malformedField("auth_time")
        }
        guard token.acr == acr else { throw ChannelError.malformedField("acr") }
        if let amr = token.amr, !amr.contains("face") { throw ChannelError.malformedField("amr") }
        guard token.user == user else { throw ChannelError.malformedField("user") }
    }
}
