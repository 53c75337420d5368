import CampusCardCore
import CampusCardStore
import Foundation

/// A cardholder's notices (the card office's and the ledger's news of their card), what they
/// read, and what they want to be told.
public struct CardholderInbox: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    public func inbox(of binding: BindingRecord, school: SchoolRecord) async throws -> (notices: [CardholderNotice], unread: Int) {
        try await NoticeInbox(context.store).inbox(of: binding, school: school, at: context.now)
    }

    public func markRead(_ binding: BindingRecord) async throws {
        try await NoticeInbox(context.store).markRead(cardholderID: binding.cardholderID, at: context.now)
    }

    public func preferences(of binding: BindingRecord) async throws -> NoticeInbox.Preferences {
        try await NoticeInbox(context.store).preferences(of: binding.cardholderID)
    }

    /// Amounts in yuan as typed; nil leaves the default (no large-spend notice; the school's low-balance line).
    public func setPreferences(largeSpend: String?, lowBalance: String?, of binding: BindingRecord) async throws {
        func amount(_ text: String?) throws -> Money? {
            guard let text else { return nil }
            guard let money = Money(yuanString: text), money.isPositive else { throw CardError.invalidAmount(String(text.prefix(32))) }
            return money
        }
        try await NoticeInbox(context.store).setPreferences(
            .init(largeSpend: try amount(largeSpend), lowBalance: try amount(lowBalance)), of: binding.cardholderID)
    }
}
