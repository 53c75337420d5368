import CampusCardCore
import CampusCardStore
import Foundation

/// Each canteen's and shop's takings on one school day, for whoever of the school reads reports.
public struct MerchantTakingsReport: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    public func day(_ date: String?, by staff: StaffMember, school: SchoolRecord) async throws -> (
        day: LocalDate, takings: [MerchantTaking]
    ) {
        try staff.require(.read, in: school)
        guard let date, date.utf8.count <= 10, let day = LocalDate(date) else {
            throw CardError.invalidField("date", zh: "日期格式应为 YYYY-MM-DD", en: "date must be YYYY-MM-DD")
        }
        let takings = try await MerchantTakings(context.store.sql).takings(
            schoolID: school.id, from: day.start(in: school.timeZone), until: day.addingDays(1).start(in: school.timeZone))
        return (day, takings)
    }
}
