/// A value axis with its grid: a labelled line at each tick of the scale, the zero line darker.
enum AxisLines {
    /// Values up the left side (bars that stand).
    static func horizontalGrid(_ scale: ChartScale, unit: ChartUnit, left: Int, top: Int, width: Int, height: Int) -> Node {
        el("g", .class("axis")) {
            for tick in scale.ticks {
                let y = top + height - scale.offset(tick, length: height)
                el(
                    "line", Attribute("x1", String(left)), Attribute("y1", String(y)), Attribute("x2", String(left + width)),
                    Attribute("y2", String(y)), Attribute("stroke", tick == 0 ? ChartFrame.muted : ChartFrame.grid))
                el(
                    "text", Attribute("x", String(left - 6)), Attribute("y", String(y + 4)), Attribute("text-anchor", "end"),
                    Attribute("fill", ChartFrame.muted)
                ) { unit.tick(tick, step: scale.step) }
            }
        }
    }

    /// Values along the bottom (bars that lie).
    static func verticalGrid(_ scale: ChartScale, unit: ChartUnit, left: Int, top: Int, width: Int, height: Int) -> Node {
        el("g", .class("axis")) {
            for tick in scale.ticks {
                let x = left + scale.offset(tick, length: width)
                el(
                    "line", Attribute("x1", String(x)), Attribute("y1", String(top)), Attribute("x2", String(x)),
                    Attribute("y2", String(top + height)), Attribute("stroke", tick == 0 ? ChartFrame.muted : ChartFrame.grid))
                el(
                    "text", Attribute("x", String(x)), Attribute("y", String(top + height + 16)), Attribute("text-anchor", "middle"),
                    Attribute("fill", ChartFrame.muted)
                ) { unit.tick(tick, step: scale.step) }
            }
        }
    }
}
