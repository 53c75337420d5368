import CampusCardBarcodes
import Foundation
import Testing

@Suite struct BarcodeSVGTests {
    static let paymentCodes = ["284719305611827364", "000000000000000001", "999999999999999999", "503918274650192837"]
    static let symbologies: [BarcodeSymbology] = [.code128, .qr]

    @Test(arguments: symbologies, paymentCodes)
    func roundTripsThroughZbar(symbology: BarcodeSymbology, code: String) throws {
        let svg = try BarcodeSVG.render(code, as: symbology, title: "Payment code \(code)")
        let png = try rasterize(svg)
        defer { try? FileManager.default.removeItem(at: png) }

        let raw = try ExternalTool.zbarimg.run(["--raw", "-q", png.path])
        #expect(raw.status == 0, "zbarimg --raw failed: \(raw.stderr)")
        #expect(raw.stdout.trimmingCharacters(in: .newlines) == code)

        // Without --raw zbarimg prefixes the symbology, which proves we drew the one we asked for.
        let typed = try ExternalTool.zbarimg.run(["-q", png.path])
        #expect(typed.status == 0, "zbarimg failed: \(typed.stderr)")
        #expect(typed.stdout.trimmingCharacters(in: .newlines) == "\(zbarName(symbology)):\(code)")
    }

    @Test func titleIsXMLEscaped() throws {
        let svg = try BarcodeSVG.render("284719305611827364", as: .code128, title: #"<&>" 'x'"#)
        let escaped = "&lt;&amp;&gt;&quot; &apos;x&apos;"
        #expect(svg.contains(#"aria-label="\#(escaped)""#))
        #expect(svg.contains("<title>\(escaped)</title>"))
        #expect(!svg.contains("<&>"))
        // rsvg-convert rejects malformed XML, so rasterizing doubles as a well-formedness check.
        let png = try rasterize(svg)
        try? FileManager.default.removeItem(at: png)
    }

    @Test func documentShape() throws {
        let svg = try BarcodeSVG.render("284719305611827364", as: .code128, title: "t")
        // Start + 9 set-C characters + check (11 modules each) + stop (13) = 134 modules, plus 10 quiet modules each side.
        #expect(svg.hasPrefix(#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 154 50" role="img" aria-label="t">"#))
        #expect(svg.contains(##"<rect width="154" height="50" fill="#fff"/>"##))
        #expect(svg.components(separatedBy: "<path ").count == 2)
        #expect(svg.hasSuffix("</svg>"))
        let sized = try BarcodeSVG.render("284719305611827364", as: .code128, title: "t", pixelsPerModule: 2)
        #expect(sized.hasPrefix(#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 154 50" width="308" height="100" role="img""#))

        // Version 1 QR is 21 modules plus a 4-module quiet zone on every side.
        let qr = try BarcodeSVG.render("284719305611827364", as: .qr, title: "t")
        #expect(qr.contains(#"viewBox="0 0 29 29""#))
        #expect(qr.contains(#"<path d="M4 4h7v1h-7z"#))
    }

    @Test(arguments: symbologies)
    func emptyInputThrows(symbology: BarcodeSymbology) {
        #expect(throws: BarcodeError.self) { try BarcodeSVG.render("", as: symbology, title: "empty") }
    }

    /// "€" is outside ISO 8859-1: Code 128 cannot hold it, and QR would need an ECI, which WARN_FAIL_ALL rejects.
    @Test(arguments: symbologies)
    func unencodableCharactersThrow(symbology: BarcodeSymbology) {
        #expect(throws: BarcodeError.self) { try BarcodeSVG.render("€ 12", as: symbology, title: "bad") }
    }

    /// zint caps Code 128 at 60 symbol characters (120 digits in set C); QR version 40-M holds at most 5596 digits.
    @Test(arguments: [(BarcodeSymbology.code128, 122), (.qr, 5597)])
    func tooLongInputThrows(symbology: BarcodeSymbology, length: Int) {
        let text = String(repeating: "7", count: length)
        #expect(throws: BarcodeError.self) { try BarcodeSVG.render(text, as: symbology, title: "long") }
    }

    @Test(arguments: [(BarcodeSymbology.code128, 120), (.qr, 5596)])
    func longestInputStillRenders(symbology: BarcodeSymbology, length: Int) throws {
        _ = try BarcodeSVG.render(String(repeating: "7", count: length), as: symbology, title: "long")
    }

    @Test func concurrentRendersMatchSerialOnes() async throws {
        // Every call owns its zint symbol, so parallel renders must be byte-identical to serial ones.
        let jobs = Self.symbologies.flatMap { symbology in Self.paymentCodes.map { (symbology, $0) } }
        let expected = try jobs.map { try BarcodeSVG.render($0.1, as: $0.0, title: $0.1) }
        let results = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for _ in 0..<8 {
                for (index, job) in jobs.enumerated() {
                    group.addTask { (index, try BarcodeSVG.render(job.1, as: job.0, title: job.1)) }
                }
            }
            return try await group.reduce(into: [(Int, String)]()) { $0.append($1) }
        }
        #expect(results.count == 8 * jobs.count)
        for (index, svg) in results { #expect(svg == expected[index]) }
    }

    /// Converts SVG to a PNG file at 6 px per module, large enough for zbar's scanners.
    private func rasterize(_ svg: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory
        let id = UUID().uuidString
        let svgURL = dir.appendingPathComponent("barcode-\(id).svg")
        let pngURL = dir.appendingPathComponent("barcode-\(id).png")
        try Data(svg.utf8).write(to: svgURL)
        defer { try? FileManager.default.removeItem(at: svgURL) }
        let result = try ExternalTool.rsvgConvert.run(["--zoom", "6", "--format", "png", "--output", pngURL.path, svgURL.path])
        try #require(result.status == 0, "rsvg-convert failed: \(result.stderr)")
        return pngURL
    }

    private func zbarName(_ symbology: BarcodeSymbology) -> String {
        switch symbology {
        case .code128: "CODE-128"
        case .qr: "QR-Code"
        }
    }
}
