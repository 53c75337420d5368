import CZint

/// Renders barcodes as compact, self-contained SVG using zint for the encoding.
///
/// Each call owns its own `zint_symbol`, so concurrent calls from different tasks share no state.
public struct BarcodeSVG {
    /// Bar height of Code 128 in modules; QR ignores it (its height follows from its width).
    static let code128Height: Float = 50

    /// Encodes `text` and returns an SVG document whose user units are modules (1 unit = X-dimension).
    ///
    /// - Parameters:
    ///   - text: Data to encode, treated as UTF-8 (typically the 18-digit payment code).
    ///   - symbology: Code 128 or QR.
    ///   - title: Accessible name, emitted as `aria-label` and `<title>` (XML-escaped).
    /// - Throws: `BarcodeError.encodeFailed` when the input is empty or zint rejects it, including warnings.
    ///   - pixelsPerModule: When set, the drawing's own size in whole pixels per module: a scanner
    ///     reads sharp edges, not a module smeared over 2.1 pixels by scaling.
    public static func render(_ text: String, as symbology: BarcodeSymbology, title: String, pixelsPerModule: Int? = nil) throws -> String {
        // zint treats length 0 as "NUL-terminated, call strlen", so empty input must never reach it.
        guard !text.isEmpty else { throw BarcodeError.encodeFailed("empty input") }

        guard let symbol = ZBarcode_Create() else { throw BarcodeError.encodeFailed("zint could not allocate a symbol") }
        defer { ZBarcode_Delete(symbol) }

        symbol.pointee.symbology = symbology.zintID
        symbol.pointee.input_mode = UNICODE_MODE  // Convert UTF-8 to the symbology's charset instead of passing raw bytes.
        symbol.pointee.warn_level = WARN_FAIL_ALL  // A symbol zint flags (ECI, non-compliant) may not scan everywhere.
        symbol.pointee.scale = 0.5  // zint's vector output draws 2 units per module at scale 1; 0.5 makes 1 unit = 1 module.
        symbol.pointee.show_hrt = 0  // The caller lays out any human-readable text itself.
        symbol.pointee.whitespace_width = symbology.quietZone
        switch symbology {
        case .code128:
            symbol.pointee.height = code128Height
        case .qr:
            symbol.pointee.option_1 = 2  // Error-correction level M (~15 % recovery).
            symbol.pointee.whitespace_height = symbology.quietZone
        }

        // Pass the length explicitly so zint never relies on NUL termination; Int32(exactly:) avoids a trap on huge input.
        let bytes = Array(text.utf8)
        guard let length = Int32(exactly: bytes.count) else { throw BarcodeError.encodeFailed("input too long") }
        let encoded = bytes.withUnsafeBufferPointer { ZBarcode_Encode(symbol, $0.baseAddress, length) }
        guard encoded == 0 else { throw BarcodeError.encodeFailed(errorText(of: symbol)) }
        guard ZBarcode_Buffer_Vector(symbol, 0) == 0, let vector = symbol.pointee.vector else {
            throw BarcodeError.encodeFailed(errorText(of: symbol))
        }

        return document(vector: vector.pointee, title: title, pixelsPerModule: pixelsPerModule)
    }

    /// Builds the SVG: a white background and every foreground module as one path.
    private static func document(vector: zint_vector, title: String, pixelsPerModule: Int?) -> String {
        var path = ""
        var rect = vector.rectangles
        while let current = rect {
            let r = current.pointee
            // -1 is the foreground colour; anything else would be a coloured or white rectangle we never request.
            if r.colour == -1 {
                path += "M\(number(r.x)) \(number(r.y))h\(number(r.width))v\(number(r.height))h\(number(-r.width))z"
            }
            rect = r.next
        }

        let width = number(vector.width)
        let height = number(vector.height)
        let label = escape(title)
        let size =
            pixelsPerModule.map { #" width="\#(number(vector.width * Float($0)))" height="\#(number(vector.height * Float($0)))""# } ?? ""
        return """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(width) \(height)"\(size) role="img" aria-label="\(label)">\
            <title>\(label)</title>\
            <rect width="\(width)" height="\(height)" fill="#fff"/>\
            <path d="\(path)" fill="#000" shape-rendering="crispEdges"/>\
            </svg>
            """
    }

    /// Formats a coordinate compactly: integers without a decimal point, others to three decimals at most.
    private static func number(_ value: Float) -> String {
        let rounded = (Double(value) * 1000).rounded() / 1000
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(rounded)
    }

    /// Escapes text for use in both element content and double-quoted attributes.
    private static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// zint's NUL-terminated `errtxt`, read without rebinding the C array.
    private static func errorText(of symbol: UnsafeMutablePointer<zint_symbol>) -> String {
        withUnsafeBytes(of: symbol.pointee.errtxt) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
