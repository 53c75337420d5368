/// One lying bar per row, longest first as given, each named on its left and its value at its end
/// (a merchant's spends, a failure reason's orders); each row may have its own style.
public struct HorizontalBarChart: Sendable {
    public struct Bar: Sendable {
        public var label: String
        public var value: Int64
        /// What the bar's end says; the value in the chart's unit when nil.
        public var note: String?
        public var style: ChartStyle

        public init(label: String, value: Int64, note: String? = nil, style: ChartStyle) {
            (self.label, self.value, self.note, self.style) = (label, value, note, style)
        }
    }

    public var id: String
    public var title: String
    public var description: String
    public var unit: ChartUnit
    public var bars: [Bar]
    /// Each style's name, when the styles mean something (failed, closed); none: no legend.
    public var legend: [(name: String, style: ChartStyle)]

    public init(
        id: String, title: String, description: String, unit: ChartUnit, bars: [Bar], legend: [(name: String, style: ChartStyle)] = []
    ) {
        (self.id, self.title, self.description, self.unit, self.bars, self.legend) = (id, title, description, unit, bars, legend)
    }

    static let width = 440
    /// The names' column, the values' room at the bars' ends, and each row's height.
    static let left = 120
    static let right = 100
    static let row = 28

    public var isEmpty: Bool { bars.allSatisfy { $0.value <= 0 } }

    public var scale: ChartScale { ChartScale(maximum: bars.map(\.value).max() ?? 0) }

    public var svg: Node {
        let scale = scale
        let top = legend.isEmpty ? 8 : 34
        let plotHeight = bars.count * Self.row
        let plotWidth = Self.width - Self.left - Self.right
        return ChartFrame.svg(
            id: id, title: title, description: description, width: Self.width, height: top + plotHeight + 26,
            styles: bars.map(\.style) + legend.map(\.style),
            legend: legend.map { (name: $0.name, swatch: ChartFrame.swatch($0.style, in: id)) }
        ) {
            AxisLines.verticalGrid(scale, unit: unit, left: Self.left, top: top, width: plotWidth, height: plotHeight)
            for (i, bar) in bars.enumerated() {
                let y = top + i * Self.row
                let length = scale.offset(max(bar.value, 0), length: plotWidth)
                let label = ChartFrame.text(bar.label)
                el(
                    "text", Attribute("x", String(Self.left - 8)), Attribute("y", String(y + Self.row / 2 + 4)),
                    Attribute("text-anchor", "end"),
                    Attribute("fill", ChartFrame.ink)
                ) { ChartFrame.text(bar.label, limit: 9) }
                el(
                    "rect", Attribute("x", String(Self.left)), Attribute("y", String(y + 5)), Attribute("width", String(max(length, 1))),
                    Attribute("height", String(Self.row - 10)), Attribute("fill", bar.style.fill(in: id)),
                    Attribute("stroke", bar.style.colour)
                ) {
                    el("title") { "\(label) \(bar.note.map { ChartFrame.text($0) } ?? unit.exact(bar.value))" }
                }
                el(
                    "text", Attribute("x", String(Self.left + length + 6)), Attribute("y", String(y + Self.row / 2 + 4)),
                    Attribute("fill", ChartFrame.ink)
                ) { bar.note.map { ChartFrame.text($0) } ?? unit.exact(bar.value) }
            }
        }
    }
}
