import Foundation

/// Rule 5 (毕业生): an account freezes automatically a number of months after its holder left
/// (default 3), counted in the school's own calendar; notices go out some days before.
public struct GraduateFreeze: Sendable, Equatable {
    public var freezeMonthsAfterLeaving: Int
    public var noticeDaysBefore: [Int]

    public init(settings: SchoolSettings) {
        freezeMonthsAfterLeaving = settings.freezeMonthsAfterLeaving
        noticeDaysBefore = settings.freezeNoticeDaysBefore
    }

    /// The first day the account is frozen: left 1 July, frozen from 1 October.
    public func freezeDate(leftOn leaveDate: LocalDate) -> LocalDate {
        leaveDate.adding(months: freezeMonthsAfterLeaving)
    }

    /// Holders who left on or before this date are frozen by `today`.
    public func latestLeaveDateFrozen(on today: LocalDate) -> LocalDate {
        // The latest leave date whose freeze date is not after today.
        var candidate = today.adding(months: -freezeMonthsAfterLeaving)
        while freezeDate(leftOn: candidate.addingDays(1)) <= today { candidate = candidate.addingDays(1) }
        while freezeDate(leftOn: candidate) > today { candidate = candidate.addingDays(-1) }
        return candidate
    }
}
