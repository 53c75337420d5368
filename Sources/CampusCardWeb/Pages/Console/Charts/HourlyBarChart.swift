/// Bars for each of a day's 24 hours, the series stacked in each (a channel each), and one other
/// day's hourly totals as a dashed line with a mark in each hour (the same weekday a week before).
public struct HourlyBarChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var style: ChartStyle
        /// By hour, 0–23.
        public var values: [Int64]

        public init(name: String, style: ChartStyle, values: [Int64]) {
            (self.name, self.style, self.values) = (name, style, values)
        }
    }

    public var id: String
    public var title: String
    public var description: String
    public var unit: ChartUnit
    public var series: [Series]
    public var comparison: Series?
    /// "10 时" / "10:00": how the bars' tooltips name an hour.
    public var hourName: @Sendable (Int) -> String

    public init(
        id: String, title: String, description: String, unit: ChartUnit, series: [Series], comparison: Series?,
        hourName: @escaping @Sendable (Int) -> String
    ) {
        (self.id, self.title, self.description, self.unit, self.series) = (id, title, description, unit, series)
        (self.comparison, self.hourName) = (comparison, hourName)
    }

    static let width = 1000
    static let height = 300
    static let left = 64
    static let right = 12
    static let top = 34
    static let bottom = 34
    static var plotWidth: Int { width - left - right }
    static var plotHeight: Int { height - top - bottom }

    /// Nothing in any hour of either day: the page says so instead of drawing an empty frame.
    public var isEmpty: Bool {
        (series + [comparison].compactMap { $0 }).allSatisfy { $0.values.allSatisfy { $0 == 0 } }
    }

    public var scale: ChartScale {
        let stacked = (0..<24).map { hour in series.reduce(0) { $0 + value($1, hour) } }
        return ChartScale(maximum: max(stacked.max() ?? 0, comparison.map { c in (0..<24).map { value(c, $0) }.max() ?? 0 } ?? 0))
    }

    public var svg: Node {
        let scale = scale
        let slot = Double(Self.plotWidth) / 24
        let styles = series.map(\.style)
        var legend = series.map { (name: $0.name, swatch: ChartFrame.swatch($0.style, in: id)) }
        if let comparison { legend.append((name: comparison.name, swatch: Self.lineSwatch(comparison.style))) }
        return ChartFrame.svg(
            id: id, title: title, description: description, width: Self.width, height: Self.height, styles: styles, legend: legend
        ) {
            AxisLines.horizontalGrid(scale, unit: unit, left: Self.left, top: Self.top, width: Self.plotWidth, height: Self.plotHeight)
            for hour in 0..<24 {
                let x = Self.left + Int((Double(hour) * slot).rounded())
                el(
                    "text", Attribute("x", String(x + Int(slot / 2))), Attribute("y", String(Self.top + Self.plotHeight + 16)),
                    Attribute("text-anchor", "middle"), Attribute("fill", ChartFrame.muted)
                ) { String(hour) }
                bars(hour, x: x + 4, width: Int(slot) - 8, scale: scale)
            }
            if let comparison { line(comparison, slot: slot, scale: scale) }
        }
    }

    private func value(_ series: Series, _ hour: Int) -> Int64 {
        series.values.indices.contains(hour) ? max(series.values[hour], 0) : 0
    }

    /// One hour's bar: the series stacked from the axis up, each with its tooltip.
    private func bars(_ hour: Int, x: Int, width: Int, scale: ChartScale) -> Node {
        var below: Int64 = 0
        var nodes: [Node] = []
        for s in series {
            let amount = value(s, hour)
            guard amount > 0 else { continue }
            let y0 = Self.top + Self.plotHeight - scale.offset(below, length: Self.plotHeight)
            below += amount
            let y1 = Self.top + Self.plotHeight - scale.offset(below, length: Self.plotHeight)
            nodes.append(
                el(
                    "rect", Attribute("x", String(x)), Attribute("y", String(y1)), Attribute("width", String(width)),
                    Attribute("height", String(max(y0 - y1, 1))), Attribute("fill", s.style.fill(in: id)),
                    Attribute("stroke", s.style.colour)
                ) {
                    el("title") { ChartFrame.text("\(hourName(hour)) \(s.name) \(unit.exact(amount))") }
                })
        }
        return .fragment(nodes)
    }

    /// The other day as a dashed line through each hour's middle, a square mark on each hour.
    private func line(_ other: Series, slot: Double, scale: ChartScale) -> Node {
        let points = (0..<24).map { hour in
            (
                x: Self.left + Int((Double(hour) * slot + slot / 2).rounded()),
                y: Self.top + Self.plotHeight - scale.offset(value(other, hour), length: Self.plotHeight)
            )
        }
        return el("g", .class("comparison")) {
            el(
                "polyline", Attribute("points", points.map { "\($0.x),\($0.y)" }.joined(separator: " ")), Attribute("fill", "none"),
                Attribute("stroke", other.style.colour), Attribute("stroke-width", "2"), Attribute("stroke-dasharray", "5 3"))
            for (hour, point) in points.enumerated().filter({ value(other, $0.offset) > 0 }) {
                el(
                    "rect", Attribute("x", String(point.x - 3)), Attribute("y", String(point.y - 3)), Attribute("width", "6"),
                    Attribute("height", "6"), Attribute("fill", "#ffffff"), Attribute("stroke", other.style.colour),
                    Attribute("stroke-width", "2")
                ) {
                    el("title") { ChartFrame.text("\(hourName(hour)) \(other.name) \(unit.exact(value(other, hour)))") }
                }
            }
        }
    }

    private static func lineSwatch(_ style: ChartStyle) -> Node {
        el("g") {
            el(
                "line", Attribute("x1", "0"), Attribute("y1", "7"), Attribute("x2", "14"), Attribute("y2", "7"),
                Attribute("stroke", style.colour),
                Attribute("stroke-width", "2"), Attribute("stroke-dasharray", "4 2"))
            el(
                "rect", Attribute("x", "4"), Attribute("y", "4"), Attribute("width", "6"), Attribute("height", "6"),
                Attribute("fill", "#ffffff"),
                Attribute("stroke", style.colour), Attribute("stroke-width", "2"))
        }
    }
}
