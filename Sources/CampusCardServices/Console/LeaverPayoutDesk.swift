import CampusCardCore
import CampusCardStore
import Foundation

/// Paying out a leaver's balance in cash at the counter (离校退款, rule 5): the clerk gives the
/// amount counted out (all that is left, unless the cardholder asks for less), reads what will
/// happen, and the API's `ServiceCenterDesk.payOut` moves it in one audited transfer; a repeated
/// request id answers with the first payout's receipt.
public struct LeaverPayoutDesk: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    /// The amount checked before the confirmation: the cardholder leaves, and it is at most their balance.
    public func check(staffNumber: String, amount text: String, by staff: StaffMember, school: SchoolRecord) async throws -> (
        CardholderEntry, Money
    ) {
        let cardholder = try await leaver(staffNumber: staffNumber, by: staff, school: school)
        return (cardholder, try CounterDesk.amount(text, atMost: cardholder.balance, zh: "结清金额"))
    }

    /// Pays it out; the balance is checked again in the payout's own transaction (the ledger
    /// never takes a purse below zero).
    public func payOut(staffNumber: String, amount text: String, requestID: String, by staff: StaffMember, school: SchoolRecord)
        async throws -> (cardholder: CardholderEntry, receipt: TransferReceipt)
    {
        let cardholder = try await leaver(staffNumber: staffNumber, by: staff, school: school)
        let amount = try CounterDesk.amount(text, atMost: nil, zh: "结清金额")
        let (_, receipt) = try await ServiceCenterDesk(context).payOut(
            card: try CounterDesk.card(of: cardholder), amountFen: amount.fen, requestID: requestID, by: staff, school: school)
        return (cardholder, receipt)
    }

    private func leaver(staffNumber: String, by staff: StaffMember, school: SchoolRecord) async throws -> CardholderEntry {
        let cardholder = try await CounterDesk(context).cardholder(staffNumber: staffNumber, by: staff, school: school)
        guard cardholder.isLeaver else {
            throw CardError.invalidField(
                "staff_number", zh: "此持卡人没有离校日期，不办理离校退款", en: "this cardholder has no leave date: there is no leaver's payout")
        }
        return cardholder
    }
}
