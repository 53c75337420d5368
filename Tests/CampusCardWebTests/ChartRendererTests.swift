import CampusCardCore
import Foundation
import Testing

@testable import CampusCardWeb

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// The console's SVG charts, drawn without a browser: nice scales, yuan labels exact from fen,
/// names escaped, and well-formed XML with a title and a description.
@Suite struct ChartRendererTests {
    /// The SVG's elements and their text, as an XML parser reads it; nil if it is not well-formed.
    final class Reader: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String])] = []
        var texts: [String] = []
        private var current = ""

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            elements.append((name, attributes))
            current = ""
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if !current.isEmpty { texts.append(current) }
            current = ""
        }

        static func read(_ node: Node) -> Reader? {
            let reader = Reader()
            let parser = XMLParser(data: Data(node.rendered.utf8))
            parser.delegate = reader
            return parser.parse() ? reader : nil
        }
    }

    let alipay = ChartStyle(colour: "#0b5cad", pattern: .solid)
    let wechat = ChartStyle(colour: "#116329", pattern: .stripes)

    @Test func theScaleStepsByOneTwoOrFiveTimesAPowerOfTenAndReachesTheLargestValue() {
        #expect(ChartScale(maximum: 1_530) == ChartScale(maximum: 2_000))
        #expect(ChartScale(maximum: 1_530).step == 500 && ChartScale(maximum: 1_530).top == 2_000)
        #expect(ChartScale(maximum: 3).step == 1 && ChartScale(maximum: 3).top == 3)
        #expect(ChartScale(maximum: 0).top == 1)
        #expect(ChartScale(maximum: 123_456_789).step == 50_000_000 && ChartScale(maximum: 123_456_789).top == 150_000_000)
        #expect(ChartScale(maximum: 10_001).ticks == [0, 5_000, 10_000, 15_000])
        let huge = ChartScale(maximum: Int64.max)
        #expect(huge.top >= ChartScale.largest && huge.ticks.count <= 5 && huge.offset(Int64.max, length: 100) == 100)
    }

    @Test func yuanLabelsAreExactFromFen() throws {
        #expect(ChartUnit.fen.tick(5_000, step: 5_000) == "¥50")
        #expect(ChartUnit.fen.tick(50, step: 50) == "¥0.50")
        #expect(ChartUnit.fen.tick(150, step: 50) == "¥1.50")
        // ¥0.07 · 3 is ¥0.21 exactly (0.07 * 3 in binary floating point is 0.21000000000000002).
        #expect(ChartUnit.fen.tick(21, step: 7) == "¥0.21" && ChartUnit.fen.exact(900_719_925_474_099_3) == "¥90071992547409.93")
        let chart = HorizontalBarChart(
            id: "m", title: "t", description: "d", unit: .fen, bars: [.init(label: "一食堂", value: 12_345, style: alipay)])
        let reader = try #require(Reader.read(chart.svg))
        #expect(reader.texts.contains("¥123.45") && reader.texts.contains("¥50") && reader.texts.contains("¥150"))
    }

    @Test func anHourlyChartIsWellFormedNamedAndShowsEveryHourAndLastWeeksLine() throws {
        var today = Array(repeating: Int64(0), count: 24)
        today[8] = 5_000
        today[12] = 10_015
        var wechatToday = Array(repeating: Int64(0), count: 24)
        wechatToday[12] = 2_000
        var before = Array(repeating: Int64(0), count: 24)
        before[12] = 20_000
        let chart = HourlyBarChart(
            id: "hours", title: "充值 <今天>", description: "每小时 & 渠道", unit: .fen,
            series: [.init(name: "支付宝", style: alipay, values: today), .init(name: "微信支付", style: wechat, values: wechatToday)],
            comparison: .init(name: "上周", style: alipay, values: before), hourName: { "\($0) 时" })
        let svg = chart.svg.rendered
        #expect(svg.hasPrefix(#"<svg xmlns="http://www.w3.org/2000/svg" id="hours" class="chart" role="img""#))
        #expect(
            svg.contains(#"aria-labelledby="hours-title hours-desc""#) && svg.contains("<title id=\"hours-title\">充值 &lt;今天&gt;</title>"))
        #expect(svg.contains("每小时 &amp; 渠道") && svg.contains("url(#hours-stripes-116329)") && svg.contains("<polyline"))
        let reader = try #require(Reader.read(chart.svg))
        #expect(reader.texts.contains("12 时 支付宝 ¥100.15") && reader.texts.contains("12 时 上周 ¥200.00"))
        #expect((0..<24).allSatisfy { reader.texts.contains(String($0)) })
        // Top 200 yuan: the axis in ¥50 steps; three bars (two stacked at noon), one square on last week's line.
        #expect(chart.scale == ChartScale(maximum: 20_000) && reader.texts.contains("¥200"))
        let bars = reader.elements.filter { $0.name == "rect" && $0.attributes["stroke"] != nil && $0.attributes["stroke-width"] == nil }
        #expect(bars.count == 3 + 2, "three bars and the legend's two swatches")
        #expect(reader.elements.filter { $0.name == "pattern" }.count == 1)
    }

    @Test func aMerchantsNameIsTextAndNeverMarkup() throws {
        let name = #"<script>alert("x")</script> & 'Café'"# + "\u{1}"
        let chart = HorizontalBarChart(
            id: "m", title: name, description: name, unit: .fen, bars: [.init(label: name, value: 100, style: alipay)])
        let svg = chart.svg.rendered
        #expect(!svg.contains("<script") && svg.contains("&lt;script&gt;") && !svg.contains("\u{1}"))
        let reader = try #require(Reader.read(chart.svg))
        #expect(!reader.elements.contains { $0.name == "script" })
        #expect(reader.texts.contains { $0.hasPrefix("<script>alert(\"x\")") })
        // Long names are cut on the chart (the table has them whole).
        #expect(reader.texts.contains { $0.hasSuffix("…") && $0.count == 9 })
    }

    @Test func nothingToDrawIsEmpty() {
        let zeros = Array(repeating: Int64(0), count: 24)
        let hourly = HourlyBarChart(
            id: "h", title: "t", description: "d", unit: .fen, series: [.init(name: "a", style: alipay, values: zeros)],
            comparison: .init(name: "b", style: alipay, values: zeros), hourName: { "\($0)" })
        #expect(hourly.isEmpty)
        #expect(HorizontalBarChart(id: "m", title: "t", description: "d", unit: .count, bars: []).isEmpty)
        #expect(Reader.read(HorizontalBarChart(id: "m", title: "t", description: "d", unit: .count, bars: []).svg) != nil)
    }

    @Test func countsAreWholeNumbersAndTheLegendNamesEachStyle() throws {
        let closed = ChartStyle(colour: "#57606a", pattern: .stripes)
        let chart = HorizontalBarChart(
            id: "f", title: "t", description: "d", unit: .count,
            bars: [.init(label: "超时未支付", value: 7, note: "7 笔", style: closed), .init(label: "余额不足", value: 2, style: alipay)],
            legend: [(name: "已关闭", style: closed), (name: "被拒绝", style: alipay)])
        let reader = try #require(Reader.read(chart.svg))
        #expect(reader.texts.contains("7 笔") && reader.texts.contains("2") && reader.texts.contains("已关闭") && reader.texts.contains("被拒绝"))
        #expect(chart.scale.ticks == [0, 2, 4, 6, 8])
    }
}
