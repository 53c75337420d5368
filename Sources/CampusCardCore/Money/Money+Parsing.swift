import Foundation

extension Money {
    /// Parses a yuan amount written the way people and payment channels write it: "12", "12.3",
    /// "12.30", "0.05". Anything else ("12.305", "-1", "+1", "1e3", "NaN", "", " 1", "１２",
    /// "012", "12.") is refused: an amount is never guessed.
    public init?(yuanString text: String) {
        let bytes = Array(text.utf8)
        let point = bytes.firstIndex(of: UInt8(ascii: "."))
        let whole = bytes[..<(point ?? bytes.endIndex)]
        let fraction = point.map { bytes[($0 + 1)...] } ?? []
        let isDigit: (UInt8) -> Bool = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard !whole.isEmpty, whole.count <= 15, whole.allSatisfy(isDigit),
            whole.count == 1 || whole.first != UInt8(ascii: "0"),
            point == nil || (1...2).contains(fraction.count), fraction.allSatisfy(isDigit)
        else { return nil }
        let yuan = whole.reduce(Int64(0)) { $0 * 10 + Int64($1 - UInt8(ascii: "0")) }
        var cents = fraction.reduce(Int64(0)) { $0 * 10 + Int64($1 - UInt8(ascii: "0")) }
        if fraction.count == 1 { cents *= 10 }
        self.init(fen: yuan * 100 + cents)
    }
}
