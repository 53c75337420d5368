import CampusCardCore
import CampusCardStore
import Foundation

/// Roster data at the service center's counter: correcting a name or campus, registering an
/// international student's passport, lifting a phone lock. Logged with the clerk and the time;
/// the next request of a cardholder sees the change.
public struct RosterDesk: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    public func correct(
        staffNumber: String, name: String?, campus: String?, passport: String?, by staff: StaffMember, school: SchoolRecord
    ) async throws {
        try staff.require(.serveCardholders, in: school)
        try await RosterCorrections(context.store).correct(
            try Self.correction(name: name, campus: campus, passport: passport), school: school,
            staffNumber: try StaffNumber(staffNumber, digits: school.settings.staffNumberDigits),
            actor: "staff:\(staff.username)", at: context.now)
    }

    /// The correction as given, each field checked (nil: left as it is).
    static func correction(name: String?, campus: String?, passport: String?) throws -> RosterCorrections.Correction {
        RosterCorrections.Correction(
            name: try name.map { try RealName($0) },
            campus: try campus.map { text in
                guard let campus = CampusCode(rawValue: text) else { throw CardError.unknownCampus(String(text.prefix(32))) }
                return campus
            },
            passport: try passport.map { try PassportNumber($0) })
    }

    public func unlockPhoneAccess(staffNumber: String, by staff: StaffMember, school: SchoolRecord) async throws {
        try staff.require(.serveCardholders, in: school)
        try await RosterCorrections(context.store).unlockPhoneAccess(
            school: school, staffNumber: try StaffNumber(staffNumber, digits: school.settings.staffNumberDigits),
            actor: "staff:\(staff.username)", at: context.now)
    }
}
