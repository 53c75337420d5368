import Foundation

/// An amount of renminbi as a whole number of fen (分). Never a floating-point number.
public struct Money: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var fen: Int64

    public init(fen: Int64) {
        self.fen = fen
    }

    public static func yuan(_ yuan: Int64) -> Money {
        Money(fen: yuan * 100)
    }

    public static let zero = Money(fen: 0)

    public var isPositive: Bool { fen > 0 }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.fen < rhs.fen }
    public static func + (lhs: Money, rhs: Money) -> Money { Money(fen: lhs.fen + rhs.fen) }
    public static func - (lhs: Money, rhs: Money) -> Money { Money(fen: lhs.fen - rhs.fen) }
    public static func += (lhs: inout Money, rhs: Money) { lhs.fen += rhs.fen }
    public static func -= (lhs: inout Money, rhs: Money) { lhs.fen -= rhs.fen }

    /// "¥12.30", "-¥0.05": what a cardholder reads on a page or a receipt.
    public var formatted: String { "\(fen < 0 ? "-" : "")¥\(unsignedYuan)" }

    /// "12.30": the decimal yuan string the payment channels speak.
    public var yuanString: String { "\(fen < 0 ? "-" : "")\(unsignedYuan)" }

    private var unsignedYuan: String {
        let cents = fen.magnitude % 100
        return "\(fen.magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    public var description: String { formatted }

    /// The share of this amount given in basis points (1/10,000), rounded half up to the fen
    /// (四舍五入), the rule cardholders know from their bank statements.
    public func share(basisPoints: Int64) -> Money {
        precondition(fen >= 0 && basisPoints >= 0)
        let (product, overflow) = fen.multipliedReportingOverflow(by: basisPoints)
        precondition(!overflow, "fee base out of range")
        return Money(fen: (product + 5_000) / 10_000)
    }
}
