import CampusCardCore

/// What the counter just did, said at the top of the profile it returns to (`?done=…`): the
/// one-step actions by their own names, and those that took what the clerk typed.
public enum CounterDone: String, Sendable, CaseIterable {
    case reportLost = "lost"
    case markFound = "found"
    case unlockPhone = "unlock-phone"
    case replaceCard = "replaced"
    case registerPassport = "passport"
    case correctRoster = "corrected"

    public init(_ action: CounterAction) {
        self = Self(rawValue: action.rawValue)!
    }

    /// The profile, saying it.
    public func profilePath(_ staffNumber: String) -> String {
        ConsoleSearchPage.profilePath(staffNumber) + "?done=" + rawValue
    }

    func title(_ c: PageContext) -> String {
        switch self {
        case .reportLost: CounterActionPage.title(.reportLost, c)
        case .markFound: CounterActionPage.title(.markFound, c)
        case .unlockPhone: CounterActionPage.title(.unlockPhone, c)
        case .replaceCard: ReplaceCardPage.title(c)
        case .registerPassport: c.t("登记护照号", "Register the passport")
        case .correctRoster: c.t("更正名单信息", "Correct the roster")
        }
    }
}
