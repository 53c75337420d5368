import CampusCardCore
import CampusCardStore
import Foundation

/// Correcting a cardholder's roster data at the counter: an international student's passport
/// registered (they bind with it), checked first so that the confirmation shows what will change,
/// then written through the API's `RosterDesk.correct` (one transaction, audited with the clerk).
public struct RosterCorrectionDesk: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    /// What the clerk typed; an empty field changes nothing.
    public struct Typed: Sendable {
        public var passport: String?

        public init(passport: String?) {
            func given(_ text: String?) -> String? {
                let trimmed = text?.trimmingCharacters(in: .whitespaces) ?? ""
                return trimmed.isEmpty ? nil : trimmed
            }
            self.passport = given(passport)
        }
    }

    /// The change checked as `RosterDesk.correct` would make it, before anything is written: a
    /// passport for an international student only, something to change.
    public func check(_ typed: Typed, staffNumber: String, by staff: StaffMember, school: SchoolRecord) async throws -> (
        CardholderEntry, RosterCorrections.Correction
    ) {
        let cardholder = try await CounterDesk(context).cardholder(staffNumber: staffNumber, by: staff, school: school)
        let correction = try RosterDesk.correction(name: nil, campus: nil, passport: typed.passport)
        if correction.passport != nil, cardholder.kind != .international {
            throw CardError.invalidField(
                "passport", zh: "只有留学生登记护照号，其他持卡人以身份证后6位绑定",
                en: "only international students register a passport; others bind with their national ID")
        }
        guard !correction.isEmpty, correction.passport?.rawValue != cardholder.passport else {
            throw CardError.invalidField("passport", zh: "请填写新的护照号", en: "give the new passport number")
        }
        return (cardholder, correction)
    }

    /// Checks it again, then writes it through `RosterDesk.correct`; answers the cardholder.
    public func correct(_ typed: Typed, staffNumber: String, by staff: StaffMember, school: SchoolRecord) async throws -> CardholderEntry {
        let (cardholder, correction) = try await check(typed, staffNumber: staffNumber, by: staff, school: school)
        try await RosterDesk(context).correct(
            staffNumber: cardholder.staffNumber, name: nil, campus: nil, passport: correction.passport?.rawValue, by: staff, school: school)
        return cardholder
    }
}
