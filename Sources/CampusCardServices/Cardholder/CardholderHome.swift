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
        /// The school, the session and its binding, as every page reads them.
        public var entry: CardholderPageEntry
        /// ¥0.00 while no card is bound here.
        public var balance: Money
        public var records: [PurseRecord]
        /// Since when the card is lost or frozen; nil while it is active.
        public var statusSince: Date?
        public var announcements: [ServiceNotice]
        public var maintenance: [ServiceNotice]
        public var unreadNotices: Int
    }

    /// The home page of the school `school` names as the cookie's session sees it, in one
    /// statement (a card lost or frozen costs one more, for since when); an unknown school is refused.
    public func home(school text: String, token: String?, device deviceText: String) async throws -> Home {
        guard let code = SchoolCode(rawValue: text),
            let read = try await CardholderHomeRead.read(
                school: code, token: token, device: try? DeviceID(deviceText), at: context.now, in: context.store)
        else { throw CardError.unknownSchool(String(text.prefix(32))) }
        var since: Date?
        if let binding = read.entry.binding, let status = binding.cardStatus, status != .active, let number = binding.card {
            let cards = CardStore(context.store.sql)
            if let card = try await cards.card(schoolID: binding.schoolID, number: number) {
                since = try await cards.statusSince(card, staffNumber: binding.staffNumber)
            }
        }
        return Home(
            entry: read.entry, balance: read.balance ?? .zero, records: read.latest, statusSince: since,
            announcements: read.announcements, maintenance: read.maintenance, unreadNotices: read.unreadNotices)
    }
}
