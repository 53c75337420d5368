import CampusCardCore
import CampusCardStore
import Foundation

/// Service windows and announcements: administrators publish and withdraw them; every
/// cardholder's page reads the current ones of their school.
public struct ServiceNoticeBoard: Sendable {
    let context: ServiceContext
    let kind: ServiceNotices.Kind

    public init(_ context: ServiceContext, _ kind: ServiceNotices.Kind) {
        (self.context, self.kind) = (context, kind)
    }

    public func upcoming(school: SchoolRecord) async throws -> [ServiceNotice] {
        try await ServiceNotices(context.store, kind).upcoming(schoolID: school.id, at: context.now)
    }

    public func publish(title: String, body: String, startsAt: Date, endsAt: Date, by staff: StaffMember, school: SchoolRecord)
        async throws -> ServiceNotice
    {
        try staff.require(.runSchool, in: school)
        return try await ServiceNotices(context.store, kind).create(
            schoolID: school.id, title: title, body: body, startsAt: startsAt, endsAt: endsAt, actor: "staff:\(staff.username)",
            at: context.now)
    }

    public func withdraw(_ id: Int64?, by staff: StaffMember, school: SchoolRecord) async throws {
        try staff.require(.runSchool, in: school)
        guard let id else { throw CardError.notFound(kind.noun) }
        try await ServiceNotices(context.store, kind).delete(id, schoolID: school.id, actor: "staff:\(staff.username)", at: context.now)
    }

    /// A school's announcements in force and its service windows on now or to come, for its cardholders' pages.
    public static func current(_ context: ServiceContext, school code: String?) async throws -> (
        announcements: [ServiceNotice], maintenance: [ServiceNotice]
    ) {
        guard let code = code.flatMap(SchoolCode.init(rawValue:)), let school = try await SchoolStore(context.store.sql).find(code) else {
            throw CardError.unknownSchool(String((code ?? "").prefix(32)))
        }
        return try await ServiceNotices.board(context.store, schoolID: school.id, at: context.now)
    }
}
