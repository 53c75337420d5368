import CampusCardCore
import CampusCardStore
import Foundation

/// Correcting a cardholder's roster data at the counter: their name or campus, or an
/// international student's passport (they bind with it), checked first so that the confirmation
/// shows what will change, then written through the API's `RosterDesk.correct` (one transaction,
/// audited with the clerk).
public struct RosterCorrectionDesk: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    /// What the clerk typed; an empty field changes nothing.
    public struct Typed: Sendable {
        public var name: String?
        /// The campus's code.
        public var campus: String?
        public var passport: String?

        public init(name: String? = nil, campus: String? = nil, passport: String? = nil) {
            func given(_ text: String?) -> String? {
                let trimmed = text?.trimmingCharacters(in: .whitespaces) ?? ""
                return trimmed.isEmpty ? nil : trimmed
            }
            (self.name, self.campus, self.passport) = (given(name), given(campus), given(passport))
        }
    }

    /// The school's campuses, for the form's choice.
    public func campuses(by staff: StaffMember, school: SchoolRecord) async throws -> [CampusRecord] {
        try staff.require(.serveCardholders, in: school)
        return try await SchoolStore(context.store.sql).campuses(of: school.id)
    }

    /// The change checked as `RosterDesk.correct` would make it, before anything is written: only
    /// what differs from the roster now, a campus of the school's, a passport for an international
    /// student only, something to change.
    public func check(_ typed: Typed, staffNumber: String, by staff: StaffMember, school: SchoolRecord) async throws -> (
        CardholderEntry, RosterCorrections.Correction
    ) {
        let cardholder = try await CounterDesk(context).cardholder(staffNumber: staffNumber, by: staff, school: school)
        let campuses = try await campuses(by: staff, school: school)
        var correction = try RosterDesk.correction(name: typed.name, campus: typed.campus, passport: typed.passport)
        if let campus = correction.campus, !campuses.contains(where: { $0.code == campus }) {
            throw CardError.unknownCampus(campus.rawValue)
        }
        if correction.passport != nil, cardholder.kind != .international {
            throw CardError.invalidField(
                "passport", zh: "只有留学生登记护照号，其他持卡人以身份证后6位绑定",
                en: "only international students register a passport; others bind with their national ID")
        }
        if typed.passport != nil, correction.passport?.rawValue == cardholder.passport {
            throw CardError.invalidField("passport", zh: "请填写新的护照号", en: "give the new passport number")
        }
        // A field as it is now is no change.
        if correction.name?.rawValue == cardholder.name { correction.name = nil }
        if let campus = correction.campus, campuses.first(where: { $0.code == campus })?.name == cardholder.campus {
            correction.campus = nil
        }
        guard !correction.isEmpty else {
            throw CardError.invalidField("correction", zh: "没有要更正的内容：与名单现有信息相同", en: "nothing to correct: it is what the roster says now")
        }
        return (cardholder, correction)
    }

    /// Checks it again, then writes it through `RosterDesk.correct`; answers the cardholder.
    public func correct(_ typed: Typed, staffNumber: String, by staff: StaffMember, school: SchoolRecord) async throws -> CardholderEntry {
        let (cardholder, correction) = try await check(typed, staffNumber: staffNumber, by: staff, school: school)
        try await RosterDesk(context).correct(
            staffNumber: cardholder.staffNumber, name: correction.name?.rawValue, campus: correction.campus?.rawValue,
            passport: correction.passport?.rawValue, by: staff, school: school)
        return cardholder
    }
}
