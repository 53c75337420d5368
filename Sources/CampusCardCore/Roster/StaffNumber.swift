import Foundation

/// 学工号: the student or staff number, 8–12 digits by default; never a phone number.
public struct StaffNumber: Hashable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String

    /// Full-width digits (０–９, as Chinese keyboards type them) count as digits, and surrounding
    /// spaces (full-width too) are ignored: `" ２０２６０００１ "` is `20260001`.
    public init(_ typed: String, digits: ClosedRange<Int>) throws(CardError) {
        let text = Self.normalized(typed)
        let isDigits = !text.isEmpty && text.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
        if isDigits && Self.looksLikeMobileNumber(text) { throw .staffNumberIsPhoneNumber }
        guard isDigits, digits.contains(text.count) else { throw .staffNumberInvalid(digits: digits) }
        rawValue = text
    }

    /// The text as typed with full-width digits made plain and the spaces around dropped.
    public static func normalized(_ typed: String) -> String {
        let trimmed = typed.trimmingCharacters(in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{3000}")))
        return String(
            String.UnicodeScalarView(
                trimmed.unicodeScalars.map { scalar in
                    ("０"..."９").contains(scalar) ? Unicode.Scalar(scalar.value - 0xFF10 + 0x30)! : scalar
                }))
    }

    /// Mainland mobile numbers: 11 digits starting 13–19. Students type them here more than
    /// anything else, so they get their own message.
    static func looksLikeMobileNumber(_ digits: String) -> Bool {
        let scalars = Array(digits.unicodeScalars)
        return scalars.count == 11 && scalars[0] == "1" && ("3"..."9").contains(scalars[1])
    }

    public var description: String { rawValue }
}
