import CampusCardCore
import CampusCardStore
import Foundation

/// The counter's one-step actions on a cardholder's profile (report the card lost, find it again,
/// lift the phone lock), each through the service the console's JSON API uses (`CardService`,
/// `RosterDesk`), so each is one transaction, audited with the clerk and the time.
public struct CounterDesk: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    /// The cardholder the action would be done to (for the confirmation); `notFound` for another
    /// school's, `forbidden` for a role that only reads.
    public func cardholder(staffNumber: String, by staff: StaffMember, school: SchoolRecord) async throws -> CardholderEntry {
        try staff.require(.serveCardholders, in: school)
        return try await CardholderLookup(context).cardholder(staffNumber: staffNumber, school: school)
    }

    /// Does it to the cardholder's current card (or their phone access); answers the cardholder.
    public func perform(_ action: CounterAction, staffNumber: String, by staff: StaffMember, school: SchoolRecord) async throws
        -> CardholderEntry
    {
        let cardholder = try await cardholder(staffNumber: staffNumber, by: staff, school: school)
        switch action {
        case .reportLost: _ = try await CardService(context).reportLost(try Self.card(of: cardholder), by: staff, school: school)
        case .markFound: _ = try await CardService(context).markFound(try Self.card(of: cardholder), by: staff, school: school)
        case .unlockPhone: try await RosterDesk(context).unlockPhoneAccess(staffNumber: cardholder.staffNumber, by: staff, school: school)
        }
        return cardholder
    }

    static func card(of cardholder: CardholderEntry) throws -> String {
        guard let number = cardholder.cardNumber else { throw CardError.unknownCard }
        return number
    }
}
