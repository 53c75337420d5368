import Foundation

/// A school's short code, chosen by the operator ("DEMO", "PKU"): upper-case letters and digits.
public struct SchoolCode: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init?(rawValue: String) {
        guard (2...16).contains(rawValue.count),
            rawValue.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) })
        else { return nil }
        self.rawValue = rawValue
    }
    public var description: String { rawValue }
}

/// A campus (分校区) code inside a school ("MAIN", "EAST").
public struct CampusCode: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init?(rawValue: String) {
        guard SchoolCode(rawValue: rawValue) != nil else { return nil }
        self.rawValue = rawValue
    }
    public var description: String { rawValue }
}

/// The number printed on a campus card. Many schools print the 学工号 itself, which is the
/// default when a roster row gives no card number.
public struct CardNumber: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init?(rawValue: String) {
        guard (4...32).contains(rawValue.utf8.count),
            rawValue.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || ("A"..."Z").contains($0) })
        else { return nil }
        self.rawValue = rawValue
    }
    public var description: String { rawValue }
}

public enum CardholderKind: String, Codable, Sendable, CaseIterable {
    case student, staff, international
}

public enum CardholderStatus: String, Codable, Sendable, CaseIterable {
    case active
    /// Frozen after leaving: nothing moves but a staff payout of what is left.
    case frozen
}

public enum CardStatus: String, Codable, Sendable, CaseIterable {
    case active, lost, frozen
    /// Superseded by a replacement card: the number is dead for good.
    case replaced
}
