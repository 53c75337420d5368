import CampusCardCore
import CampusCardStore
import Foundation

/// What a cardholder sees first, read in as few statements as it can be (the home page is opened
/// at noon by as many students as the tills charge): the balance and latest records, the card's
/// state and since when, the school's announcements and service windows, unread notices.
public struct CardholderHome: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    public struct Home: Sendable {
        public var balance: Money
        public var records: [PurseRecord]
        /// Since when the card is lost or frozen; nil while it is active.
        public var statusSince: Date?
        public var announcements: [ServiceNotice]
        public var maintenance: [ServiceNotice]
        public var unreadNotices: Int
    }

    public func home(of binding: BindingRecord, school: SchoolRecord) async throws -> Home {
        // Four reads that need nothing of each other, at once: the page waits for the slowest, not the sum.
        let (store, now) = (context.store, context.now)
        async let balance = LedgerStore.balance(of: binding.purse.id, in: store)
        async let records = PurseRecords.latest(of: binding.purse.id, limit: 10, in: store)
        async let board = ServiceNotices.board(store, schoolID: school.id, at: now)
        async let unread = NoticeInbox(store).unreadCount(of: binding, school: school, at: now)
        var since: Date?
        if let status = binding.cardStatus, status != .active, let number = binding.card,
            let card = try await CardStore(context.store.sql).card(schoolID: binding.schoolID, number: number)
        {
            since = try await CardStore(context.store.sql).statusSince(card, staffNumber: binding.staffNumber)
        }
        let notices = try await board
        return Home(
            balance: try await balance, records: try await records, statusSince: since, announcements: notices.announcements,
            maintenance: notices.maintenance, unreadNotices: try await unread)
    }
}
