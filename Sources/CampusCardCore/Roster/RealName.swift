import Foundation

/// The cardholder's name exactly as on the roster. Compared exactly: Latin letters are
/// case-sensitive (SPEC), so "Anna Smith" does not match "anna smith".
public struct RealName: Hashable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(_ text: String) throws(CardError) {
        let allowedPunctuation: Set<Unicode.Scalar> = [" ", "·", "•", "-", "'", "."]
        guard !text.isEmpty, text.count <= 64, text == text.trimmingCharacters(in: .whitespaces),
            !text.contains("  "),
            text.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || allowedPunctuation.contains($0) })
        else { throw .nameInvalid }
        rawValue = text
    }

    public var description: String { rawValue }
}
