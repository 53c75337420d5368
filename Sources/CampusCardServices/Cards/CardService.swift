import CampusCardCore
import CampusCardStore
import Foundation
import SQLKit

/// What is done to a card itself: reported lost (by its cardholder or at the counter), found
/// again, replaced. Each in one transaction with the card as it stands, audited.
public struct CardService: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    /// Takes effect at once for every terminal; finding it again or replacing it is done at the
    /// service center.
    public func reportLost(by binding: BindingRecord) async throws -> CardRecord {
        guard let number = binding.card else { throw CardError.unknownCard }
        return try await change(number, schoolID: binding.schoolID) { card, sql in
            try await CardOperations(sql).reportLost(card, actor: "cardholder:\(binding.identity.channel.rawValue)", at: context.now)
        }
    }

    public func reportLost(_ number: String, by staff: StaffMember, school: SchoolRecord) async throws -> CardRecord {
        try staff.require(.serveCardholders, in: school)
        return try await change(try CardCounter.number(number), schoolID: school.id) { card, sql in
            try await CardOperations(sql).reportLost(card, actor: "staff:\(staff.username)", at: context.now)
        }
    }

    public func markFound(_ number: String, by staff: StaffMember, school: SchoolRecord) async throws -> CardRecord {
        try staff.require(.serveCardholders, in: school)
        return try await change(try CardCounter.number(number), schoolID: school.id) { card, sql in
            try await CardOperations(sql).markFound(card, actor: "staff:\(staff.username)", at: context.now)
        }
    }

    /// The card's number changes to the new card's; its purse, money and bindings stay.
    public func replace(_ number: String, with newNumber: String, by staff: StaffMember, school: SchoolRecord) async throws -> CardRecord {
        try staff.require(.serveCardholders, in: school)
        guard let new = CardNumber(rawValue: newNumber) else {
            throw CardError.invalidField("new_card_number", zh: "卡号应为4–32位数字或大写字母", en: "4–32 digits or capital letters")
        }
        return try await CardCounter(context).on(try CardCounter.number(number), schoolID: school.id) { card, sql in
            try await CardOperations(sql).replace(card, with: new, actor: "staff:\(staff.username)", at: context.now)
        }
    }

    /// A payment code for the terminal's scanner: 18 digits, good once, for a minute.
    public func paymentCode(for binding: BindingRecord) async throws -> (code: String, expiresAt: Date) {
        try await PaymentCodes(context.store).issue(for: binding, at: context.now)
    }

    /// Runs `change`, then answers the card as it stands after it.
    private func change(
        _ number: CardNumber, schoolID: Int64, _ change: @escaping @Sendable (CardRecord, any SQLDatabase) async throws -> Void
    ) async throws -> CardRecord {
        try await CardCounter(context).on(number, schoolID: schoolID) { card, sql in
            try await change(card, sql)
            return try await CardStore(sql).card(schoolID: schoolID, number: number) ?? card
        }
    }
}

/// A card of one school, in one transaction with what is done to it: every counter action and
/// the cardholder's own report of a lost card go through here.
struct CardCounter: Sendable {
    let context: ServiceContext

    init(_ context: ServiceContext) {
        self.context = context
    }

    func on<T: Sendable>(
        _ number: CardNumber, schoolID: Int64, _ body: @escaping @Sendable (CardRecord, any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await context.store.transaction { sql in
            guard let card = try await CardStore(sql).card(schoolID: schoolID, number: number) else { throw CardError.unknownCard }
            return try await body(card, sql)
        }
    }

    /// A number as typed at the counter; one that cannot be a card number is no card of ours.
    static func number(_ text: String) throws -> CardNumber {
        guard let number = CardNumber(rawValue: text) else { throw CardError.unknownCard }
        return number
    }
}
