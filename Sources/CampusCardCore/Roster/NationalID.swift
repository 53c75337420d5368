import Foundation

/// A resident ID number (居民身份证号), held only long enough to derive the card's initial
/// password: it is never stored, logged or echoed back.
public struct NationalID: Sendable {
    private let characters: [Character]

    /// 18 characters with a valid ISO 7064 MOD 11-2 check character, or a legacy 15-digit number.
    public init(_ text: String) throws(CardError) {
        let upper = Array(text.uppercased())
        let digitValues = upper.map { $0.isASCII ? $0.wholeNumberValue : nil }
        switch upper.count {
        case 15 where digitValues.allSatisfy({ $0 != nil }):
            break
        case 18 where digitValues.prefix(17).allSatisfy({ $0 != nil }):
            let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
            let sum = zip(digitValues.prefix(17), weights).reduce(0) { $0 + $1.0! * $1.1 }
            let check = Array("10X98765432")[sum % 11]
            guard upper[17] == check else { throw .nationalIDInvalid }
        default:
            throw .nationalIDInvalid
        }
        characters = upper
    }

    /// The card's initial password: the last six characters, with X written as 0.
    public var initialPassword: String {
        String(characters.suffix(6).map { $0 == "X" ? "0" : $0 })
    }
}
