/// The lists of leavers the service center works through before and after rule 5's freeze.
public enum GraduateList: String, Sendable, CaseIterable {
    /// Still active, frozen within 30 days.
    case within30Days = "30"
    /// Still active, frozen within 7 days.
    case within7Days = "7"
    /// Frozen already, with money left in the purse to pay out.
    case frozenWithBalance = "frozen"

    /// The days ahead a list looks; nil for those frozen already.
    public var days: Int? {
        switch self {
        case .within30Days: 30
        case .within7Days: 7
        case .frozenWithBalance: nil
        }
    }
}
