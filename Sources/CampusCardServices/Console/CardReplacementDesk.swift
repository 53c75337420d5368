import CampusCardCore
import CampusCardStore
import Foundation

/// Replacing a cardholder's card at the counter (补卡): the clerk types the new card's number,
/// reads what will happen, and the API's `CardService.replace` does it in one audited
/// transaction: the old card is refused everywhere, the new one takes its purse and bindings.
public struct CardReplacementDesk: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    /// The new number as read off the card (spaces around and lower-case letters allowed), checked
    /// before the confirmation: well formed and no card of the school's yet.
    public func check(staffNumber: String, newNumber: String, by staff: StaffMember, school: SchoolRecord) async throws -> (
        CardholderEntry, CardNumber
    ) {
        let cardholder = try await CounterDesk(context).cardholder(staffNumber: staffNumber, by: staff, school: school)
        guard let card = cardholder.cardNumber, let status = cardholder.cardStatus, status.isReplaceable else {
            throw CardError.cardStateConflict(cardholder.cardStatus ?? .replaced, cannot: .replace)
        }
        guard let new = CardNumber(rawValue: newNumber.trimmingCharacters(in: .whitespaces).uppercased()) else {
            throw CardError.invalidField("new_card_number", zh: "卡号应为4–32位数字或大写字母", en: "4–32 digits or capital letters")
        }
        guard new.rawValue != card,
            try await CardStore(context.store.sql).card(schoolID: school.id, number: new) == nil
        else { throw CardError.cardNumberTaken }
        return (cardholder, new)
    }

    /// Replaces the cardholder's current card through `CardService.replace`; answers the
    /// cardholder and the new card.
    public func replace(staffNumber: String, newNumber: String, by staff: StaffMember, school: SchoolRecord) async throws -> (
        CardholderEntry, CardRecord
    ) {
        let (cardholder, new) = try await check(staffNumber: staffNumber, newNumber: newNumber, by: staff, school: school)
        let card = try await CardService(context).replace(
            try CounterDesk.card(of: cardholder), with: new.rawValue, by: staff, school: school)
        return (cardholder, card)
    }
}
