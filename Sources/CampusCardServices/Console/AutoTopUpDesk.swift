import CampusCardCore
import CampusCardStore
import Foundation

/// The service center's side of auto top-up: a cardholder's agreement and debits on their
/// profile, and a debit refunded inside its window, back to the bank card (never in cash:
/// that stays for mistaken manual top-ups, `TopUpRefundDesk`).
public struct AutoTopUpDesk: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    public func overview(staffNumber: String, by staff: StaffMember, school: SchoolRecord) async throws -> (
        CardholderEntry, AutoTopUpService.Overview
    ) {
        let cardholder = try await CounterDesk(context).cardholder(staffNumber: staffNumber, by: staff, school: school)
        return (cardholder, try await AutoTopUpService(context).overview(cardholderID: cardholder.id, school: school))
    }

    public func refund(staffNumber: String, orderNo: String, by staff: StaffMember, school: SchoolRecord) async throws
        -> AutoTopUpRefunds.Refund
    {
        let cardholder = try await CounterDesk(context).cardholder(staffNumber: staffNumber, by: staff, school: school)
        return try await AutoTopUpService(context).refund(
            orderNo: orderNo, cardholderID: cardholder.id, requestedBy: "staff:\(staff.username)", school: school)
    }
}
