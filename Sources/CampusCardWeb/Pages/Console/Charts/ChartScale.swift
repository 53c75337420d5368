import CampusCardCore

/// What a chart's numbers count, and how an axis and a bar name them: money from fen by whole-number
/// arithmetic (never a floating-point amount on screen), or a plain count.
public enum ChartUnit: Sendable {
    case fen
    case count

    /// A tick: whole yuan when every tick is ("¥50"), to the fen otherwise ("¥0.50").
    func tick(_ value: Int64, step: Int64) -> String {
        switch self {
        case .fen: step % 100 == 0 ? "\(value < 0 ? "-" : "")¥\(value.magnitude / 100)" : Money(fen: value).formatted
        case .count: String(value)
        }
    }

    /// A value as the data table says it ("¥123.45", "12").
    func exact(_ value: Int64) -> String {
        switch self {
        case .fen: Money(fen: value).formatted
        case .count: String(value)
        }
    }
}

/// An axis from zero in at most `ticks` steps of 1, 2 or 5 times a power of ten (in fen or in
/// counts), the first such step whose ticks reach the largest value.
public struct ChartScale: Sendable, Equatable {
    public let step: Int64
    public let top: Int64

    public init(maximum: Int64, ticks: Int = 4) {
        // No school takes ¥900 trillion in a day: past that the bars run to the end of the axis.
        let wanted = min(max(maximum, 1), Self.largest)
        var power: Int64 = 1
        var step: Int64 = 1
        search: while true {
            for factor: Int64 in [1, 2, 5] {
                step = factor * power
                if step * Int64(ticks) >= wanted { break search }
            }
            power *= 10
        }
        self.step = step
        // Rounded up to a whole step: no tick past the one that reaches the largest value.
        self.top = (wanted + step - 1) / step * step
    }

    static let largest = Int64.max / 100

    public var ticks: [Int64] { Array(stride(from: Int64(0), through: top, by: Int(step))) }

    /// How far along an axis of `length` a value lies.
    func offset(_ value: Int64, length: Int) -> Int {
        Int((Double(min(value, top)) / Double(top) * Double(length)).rounded())
    }
}
