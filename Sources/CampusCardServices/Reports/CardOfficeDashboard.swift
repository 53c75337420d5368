import CampusCardCore
import CampusCardStore
import Foundation

/// The card office's day at a glance, for whoever of the school reads reports: credited top-ups by
/// hour and channel against the same weekday a week before, each merchant's spends (biggest
/// first) and the top-ups that failed, by reason. Read-only: nothing on the money path.
public struct CardOfficeDashboard: Sendable {
    public struct Day: Sendable {
        public var day: LocalDate
        /// The school's today: the last day there is to show.
        public var today: LocalDate
        public var topUps: [HourlyTopUp]
        public var topUpsWeekBefore: [HourlyTopUp]
        /// Every merchant of the school, most spent first (those who took nothing last, by code).
        public var merchants: [MerchantTaking]
        public var failures: [FailedTopUpReason]

        public init(
            day: LocalDate, today: LocalDate, topUps: [HourlyTopUp], topUpsWeekBefore: [HourlyTopUp], merchants: [MerchantTaking],
            failures: [FailedTopUpReason]
        ) {
            (self.day, self.today, self.topUps, self.topUpsWeekBefore) = (day, today, topUps, topUpsWeekBefore)
            (self.merchants, self.failures) = (merchants, failures)
        }
    }

    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    /// `date` nil: the school's today. A malformed day or one yet to come is refused on `day`.
    public func day(_ date: String?, by staff: StaffMember, school: SchoolRecord) async throws -> Day {
        try staff.require(.read, in: school)
        let today = LocalDate(context.now, in: school.timeZone)
        var day = today
        if let date {
            guard date.utf8.count <= 10, let asked = LocalDate(date) else {
                throw CardError.invalidField("day", zh: "日期格式应为 YYYY-MM-DD", en: "day must be YYYY-MM-DD")
            }
            day = asked
        }
        guard day <= today else { throw CardError.invalidField("day", zh: "这一天还没有到", en: "that day has not come yet") }
        let (start, end) = (day.start(in: school.timeZone), day.addingDays(1).start(in: school.timeZone))
        let topUps = try await HourlyTopUps(context.store.sql).credited(schoolID: school.id, on: day, in: school.timeZone)
        let merchants = try await MerchantTakings(context.store.sql).takings(schoolID: school.id, from: start, until: end)
        return Day(
            day: day, today: today, topUps: topUps.day, topUpsWeekBefore: topUps.weekBefore,
            merchants: merchants.sorted { ($1.spent, $0.code) < ($0.spent, $1.code) },
            failures: try await FailedTopUps(context.store.sql).reasons(schoolID: school.id, on: day))
    }
}
