import CampusCardCore
import Foundation
import SQLKit

/// Face results accepted once: the channel's certify id is claimed inside the transaction that
/// acts on it, so a replay (even a concurrent one) is refused and nothing of it is kept.
enum FaceVerifications {
    static func consume(_ face: FaceVerification, channel: BindingChannel, at: Date, on sql: any SQLDatabase) async throws {
        let claimed = try await sql.raw(
            """
            INSERT INTO face_verifications_used (channel, certify_id, at_ms)
            VALUES (\(bind: channel.rawValue), \(bind: face.certifyID), \(bind: at.epochMilliseconds))
            ON CONFLICT (channel, certify_id) DO NOTHING RETURNING certify_id
            """
        ).first()
        guard claimed != nil else { throw CardError.faceVerificationReplayed }
    }
}
