import CampusCardCore
import CampusCardStore
import Foundation

/// Signing an auto top-up agreement is the cardholder proving who they are, as a new phone does:
/// the payment password and a fresh face verification, through the binding's own check. The one
/// place that asks for them, so that a change to how faces are verified lands here alone.
struct AutoTopUpSigning: Sendable {
    let context: ServiceContext

    init(_ context: ServiceContext) {
        self.context = context
    }

    func confirm(_ binding: BindingRecord, session: CardholderSession, paymentPassword: String, faceCertification: String) async throws {
        _ = try await CardBinding(context).verifyDevice(
            of: binding, session: session, paymentPassword: paymentPassword, faceCertification: faceCertification)
    }
}
