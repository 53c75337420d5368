import Foundation

/// A face verification result as the channel signed it: who was verified, when, whether it
/// passed, and the channel's id for the verification, which we accept once.
public struct FaceVerification: Equatable, Sendable {
    public var certifyID: String
    public var userID: String
    public var passed: Bool
    public var verifiedAt: Date

    public init(certifyID: String, userID: String, passed: Bool, verifiedAt: Date) {
        (self.certifyID, self.userID, self.passed, self.verifiedAt) = (certifyID, userID, passed, verifiedAt)
    }

    /// Results older than this are refused, like a stale request.
    public static let maxAge: TimeInterval = 5 * 60

    /// Refuses a result for another user, one that did not pass, or one too old (or from the future).
    public func check(for identity: ChannelIdentity, at now: Date) throws(CardError) {
        guard userID == identity.userID, passed else { throw .faceVerificationInvalid }
        guard abs(now.timeIntervalSince(verifiedAt)) <= Self.maxAge else { throw .faceVerificationStale }
    }
}
