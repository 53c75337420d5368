import Foundation

/// A face certification as the server learned it: the provider's answer to our own query
/// (`passed`), and what we recorded when we started it: the provider's id, which we accept once,
/// the channel user who asked, the roster's cardholder it was for, and when it began.
public struct FaceVerification: Equatable, Sendable {
    public var certifyID: String
    public var userID: String
    public var cardholderID: Int64
    public var passed: Bool
    public var startedAt: Date

    public init(certifyID: String, userID: String, cardholderID: Int64, passed: Bool, startedAt: Date) {
        (self.certifyID, self.userID, self.cardholderID, self.passed, self.startedAt) = (
            certifyID, userID, cardholderID, passed, startedAt
        )
    }

    /// A certification must be finished within this long of its start, like a stale request.
    public static let maxAge: TimeInterval = 5 * 60

    /// Refuses a certification another user started, one for another cardholder, one that did not
    /// pass, or one too old (or from the future).
    public func check(for identity: ChannelIdentity, cardholder: Int64, at now: Date) throws(CardError) {
        guard userID == identity.userID, cardholderID == cardholder, passed else { throw .faceVerificationInvalid }
        guard abs(now.timeIntervalSince(startedAt)) <= Self.maxAge else { throw .faceVerificationStale }
    }
}
