import Foundation

/// An international student's passport number, registered by the service center; it identifies
/// them at binding in place of the national-ID password.
public struct PassportNumber: Hashable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ text: String) throws(CardError) {
        let upper = text.uppercased()
        guard (5...20).contains(upper.count),
            upper.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) })
        else { throw .passportInvalid }
        rawValue = upper
    }

    public var description: String { rawValue }
}
