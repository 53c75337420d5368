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

    /// Yuan as the clerk typed them (at most two decimals), more than nothing and at most `left`;
    /// else `invalidField("amount")` naming the range (`zh`: what the amount is called).
    static func amount(_ text: String, atMost left: Money?, zh name: String) throws -> Money {
        guard let amount = Money(yuanString: text.trimmingCharacters(in: .whitespaces)), amount.fen > 0, left.map({ amount <= $0 }) ?? true
        else {
            let most = left?.formatted ?? "¥0.01"
            throw CardError.invalidField(
                "amount", zh: "\(name)应为 ¥0.01–\(most)，最多两位小数", en: "the amount is ¥0.01 to \(most), at most two decimals")
        }
        return amount
    }

    static func card(of cardholder: CardholderEntry) throws -> String {
        guard let number = cardholder.cardNumber else { throw CardError.unknownCard }
        return number
    }
}
