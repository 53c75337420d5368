import CampusCardCore
import CampusCardStore
import Foundation

/// The console's lists of leavers (rule 5): about to freeze within 30 or 7 days, and frozen with
/// a balance still to pay out; twenty to a page, in the staff member's own school (`.read`).
public struct GraduateLists: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    public static let pageSize = 20

    public struct Page: Sendable {
        public var graduates: [FreezingCardholder]
        public var page: Int
        public var hasMore: Bool
    }

    public func page(_ list: GraduateList, page: Int, by staff: StaffMember, school: SchoolRecord) async throws -> Page {
        try staff.require(.read, in: school)
        guard page >= 1, page <= 10_000 else { throw CardError.invalidField("page", zh: "页码应为 1–10000", en: "page is 1 to 10000") }
        let size = Self.pageSize
        let found = try await GraduateFreezer(context.store).page(
            list, school: school, now: context.now, limit: size + 1, offset: (page - 1) * size)
        return Page(graduates: Array(found.prefix(size)), page: page, hasMore: found.count > size)
    }
}
