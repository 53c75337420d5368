import Foundation

/// A resident ID number (居民身份证号), held only long enough to derive the card's initial
/// password, or to be sent to a face provider: it is never stored, logged or echoed back (its
/// description hides it).
public struct NationalID: Sendable, CustomStringConvertible {
    private let characters: [Character]

    /// 18 characters with a valid ISO 7064 MOD 11-2 check character, or a legacy 15-digit number.
    public init(_ text: String) throws(CardError) {
        let upper = Array(text.uppercased())
        let digitValues = upper.map { $0.isASCII ? $0.wholeNumberValue : nil }
        switch upper.count {
        case 15 where digitValues.allSatisfy({ $0 != nil }):
            break
        case 18:
            guard upper[17] == Self.checkCharacter(forFirst17: String(upper.prefix(17))) else { throw .nationalIDInvalid }
        default:
            throw .nationalIDInvalid
        }
        characters = upper
    }

    /// The ISO 7064 MOD 11-2 check character that ends an 18-character ID, nil unless given
    /// exactly 17 ASCII digits.
    public static func checkCharacter(forFirst17 body: String) -> Character? {
        let digits = body.compactMap { $0.isASCII ? $0.wholeNumberValue : nil }
        guard body.count == 17, digits.count == 17 else { return nil }
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        return Array("10X98765432")[zip(digits, weights).reduce(0) { $0 + $1.0 * $1.1 } % 11]
    }

    /// The number itself, for the face provider that certifies its holder (and nothing else).
    public var digits: String { String(characters) }

    public var description: String { "NationalID(••••)" }

    /// The card's initial password: the last six characters, with X written as 0.
    public var initialPassword: String {
        String(characters.suffix(6).map { $0 == "X" ? "0" : $0 })
    }
}
