import Foundation

/// The service counter's one-step actions on a cardholder, each confirmed first on the console.
public enum CounterAction: String, Sendable, CaseIterable {
    /// The card refused at every terminal at once.
    case reportLost = "lost"
    /// A lost card works again.
    case markFound = "found"
    /// The phone lock of too many wrong passwords lifted, the card's wrong tries forgotten.
    case unlockPhone = "unlock-phone"

    /// Whether a card in `status` can take it (the phone lock is lifted whatever the card).
    public func fits(_ status: CardStatus?) -> Bool {
        switch self {
        case .reportLost: status == .active
        case .markFound: status == .lost
        case .unlockPhone: true
        }
    }
}

extension CardStatus {
    /// A card in use or reported lost can be replaced at the counter (补卡); a frozen leaver's or
    /// an already replaced one cannot.
    public var isReplaceable: Bool { self == .active || self == .lost }
}
