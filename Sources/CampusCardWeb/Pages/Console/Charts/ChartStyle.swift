/// How one series is drawn: a colour and a pattern, so that two series differ without colour too
/// (the legend shows the same swatch).
public struct ChartStyle: Sendable, Equatable {
    public enum Pattern: String, Sendable {
        case solid, stripes, dots, outline
    }

    public var colour: String
    public var pattern: Pattern

    public init(colour: String, pattern: Pattern) {
        (self.colour, self.pattern) = (colour, pattern)
    }

    /// The `fill` of a bar in the chart `chart` (patterns are the chart's own `<defs>`).
    func fill(in chart: String) -> String {
        pattern == .solid ? colour : "url(#\(patternID(in: chart)))"
    }

    func patternID(in chart: String) -> String {
        "\(chart)-\(pattern.rawValue)-\(colour.filter(\.isHexDigit))"
    }

    /// The pattern's definition, a 6 px tile: the colour with white stripes or dots, or white with
    /// a thin line of the colour; nothing for a solid fill.
    func definition(in chart: String) -> Node {
        let ground = el(
            "rect", Attribute("width", "6"), Attribute("height", "6"), Attribute("fill", pattern == .outline ? "#ffffff" : colour))
        let mark: Node
        switch pattern {
        case .solid: return .empty
        case .stripes:
            mark = el(
                "rect", Attribute("width", "2"), Attribute("height", "6"), Attribute("fill", "#ffffff"), Attribute("fill-opacity", "0.6"))
        case .dots: mark = el("circle", Attribute("cx", "3"), Attribute("cy", "3"), Attribute("r", "1.3"), Attribute("fill", "#ffffff"))
        case .outline: mark = el("path", Attribute("d", "M0 6L6 0"), Attribute("stroke", colour), Attribute("stroke-width", "1"))
        }
        return el(
            "pattern",
            attributes: [
                .id(patternID(in: chart)), Attribute("patternUnits", "userSpaceOnUse"), Attribute("width", "6"), Attribute("height", "6"),
                pattern == .stripes ? Attribute("patternTransform", "rotate(45)") : nil,
            ]
        ) {
            ground
            mark
        }
    }
}

/// The frame every chart shares: an `<svg>` that is one image to a screen reader, named by its
/// `<title>` and described by its `<desc>`, with its patterns and a legend across the top.
enum ChartFrame {
    static let ink = "#1b1f24"
    static let muted = "#57606a"
    static let grid = "#d0d7de"

    static func svg(
        id: String, title: String, description: String, width: Int, height: Int, styles: [ChartStyle],
        legend: [(name: String, swatch: Node)], @NodeBuilder content: () -> Node
    ) -> Node {
        el(
            "svg", Attribute("xmlns", "http://www.w3.org/2000/svg"), .id(id), .class("chart"), .role("img"),
            Attribute("viewBox", "0 0 \(width) \(height)"), .aria("labelledby", "\(id)-title \(id)-desc"),
            Attribute("font-family", "system-ui, sans-serif"), Attribute("font-size", "12")
        ) {
            el("title", .id("\(id)-title")) { text(title) }
            el("desc", .id("\(id)-desc")) { text(description) }
            el("defs") {
                for style in styles.enumerated().filter({ !styles[..<$0.offset].contains($0.element) }).map(\.element) {
                    style.definition(in: id)
                }
            }
            legendRow(legend)
            content()
        }
    }

    /// The legend, left to right at the top: each series' swatch (16 px) and its name.
    private static func legendRow(_ items: [(name: String, swatch: Node)]) -> Node {
        var x = 8
        var nodes: [Node] = []
        for item in items {
            let name = text(item.name)
            nodes.append(
                el("g", Attribute("transform", "translate(\(x) 6)")) {
                    item.swatch
                    el("text", Attribute("x", "20"), Attribute("y", "11"), Attribute("fill", ink)) { name }
                })
            // Each CJK character is about a full em, a Latin letter about half.
            x += 36 + name.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E80 ? 12 : 7) }
        }
        return .fragment(nodes)
    }

    static func swatch(_ style: ChartStyle, in chart: String) -> Node {
        el(
            "rect", Attribute("width", "14"), Attribute("height", "14"), Attribute("fill", style.fill(in: chart)),
            Attribute("stroke", style.colour))
    }

    /// Text as a chart shows it: a name typed by a person may hold characters XML cannot carry
    /// (control characters), which are left out; `<`, `&` and quotes are escaped when rendered.
    static func text(_ value: String, limit: Int? = nil) -> String {
        let clean = String(
            String.UnicodeScalarView(
                value.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && $0.value != 0xFFFE && $0.value != 0xFFFF }))
        guard let limit, clean.count > limit else { return clean }
        return String(clean.prefix(limit - 1)) + "…"
    }
}
