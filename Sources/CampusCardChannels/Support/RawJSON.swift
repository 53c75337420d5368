import Foundation

/// Reads one top-level member of a JSON object as the exact text it has in the body.
///
/// Alipay signs the characters of the `…_response` node as sent, so the node must be cut out,
/// never decoded and re-encoded (key order, spacing and escapes would change). Strings are
/// scanned with their escapes, so braces and quotes inside values cannot end the node early.
enum RawJSON {
    /// The raw text of the value of top-level member `name`, nil when there is none.
    /// A name given twice is refused: the signature must cover the copy a decoder would read.
    static func memberValue(named name: String, in text: String) throws -> String? {
        var scanner = Scanner(bytes: Array(text.utf8))
        let wanted = Array(name.utf8)
        var found: Range<Int>?
        scanner.skipWhitespace()
        try scanner.expect(UInt8(ascii: "{"))
        scanner.skipWhitespace()
        if scanner.peek() == UInt8(ascii: "}") { return nil }
        while true {
            scanner.skipWhitespace()
            let key = try scanner.string()
            scanner.skipWhitespace()
            try scanner.expect(UInt8(ascii: ":"))
            scanner.skipWhitespace()
            let value = try scanner.value()
            if scanner.bytes[key].elementsEqual(wanted) {
                guard found == nil else {
                    throw ChannelError.malformedBody("member \(name) appears twice")
                }
                found = value
            }
            scanner.skipWhitespace()
            if scanner.peek() == UInt8(ascii: "}") { break }
            try scanner.expect(UInt8(ascii: ","))
        }
        return found.map { String(decoding: scanner.bytes[$0], as: UTF8.self) }
    }

    private struct Scanner {
        let bytes: [UInt8]
        var position = 0

        func peek() -> UInt8? {
            position < bytes.count ? bytes[position] : nil
        }

        mutating func skipWhitespace() {
            while let byte = peek(), [0x20, 0x09, 0x0A, 0x0D].contains(byte) { position += 1 }
        }

        mutating func expect(_ byte: UInt8) throws {
            guard peek() == byte else { throw malformed }
            position += 1
        }

        /// A string starting here; returns the range between its quotes.
        mutating func string() throws -> Range<Int> {
            try expect(UInt8(ascii: "\""))
            let start = position
            while let byte = peek() {
                position += 1
                switch byte {
                case UInt8(ascii: "\\"): position += 1
                case UInt8(ascii: "\""): return start..<(position - 1)
                default: continue
                }
            }
            throw malformed
        }

        /// Any value starting here; returns its whole range.
        mutating func value() throws -> Range<Int> {
            let start = position
            switch peek() {
            case UInt8(ascii: "\""):
                _ = try string()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0
                repeat {
                    switch peek() {
                    case UInt8(ascii: "\""):
                        _ = try string()
                        continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                    case nil: throw malformed
                    default: break
                    }
                    position += 1
                } while depth > 0
            default:
                while let byte = peek(), !",}] \t\r\n".utf8.contains(byte) { position += 1 }
            }
            guard position > start else { throw malformed }
            return start..<position
        }

        private var malformed: ChannelError { .malformedBody("response is not a JSON object") }
    }
}
