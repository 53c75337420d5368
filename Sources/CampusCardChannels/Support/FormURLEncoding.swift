import Foundation

/// `application/x-www-form-urlencoded`, the body of Alipay's notifications and gateway requests.
public enum FormURLEncoding {
    /// Decodes `a=1&b=x+y%21` into a dictionary: '+' is a space, `%XX` a byte, values UTF-8.
    ///
    /// A key given twice is refused: a signature over one copy must not vouch for the other.
    public static func decode(_ body: String) throws -> [String: String] {
        var fields: [String: String] = [:]
        // Split on bytes, not Characters: '&' and '=' are ASCII, and grapheme breaking a whole
        // notification body was most of what decoding it cost.
        for pair in body.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let key = try percentDecode(parts[0])
            let value = parts.count == 2 ? try percentDecode(parts[1]) : ""
            guard fields.updateValue(value, forKey: key) == nil else {
                throw ChannelError.malformedBody("form field \(key) appears twice")
            }
        }
        return fields
    }

    /// Encodes fields sorted by key, escaping all but `A-Z a-z 0-9 - . _ ~`, space as '+'.
    public static func encode(_ fields: [String: String]) -> String {
        fields.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            .map { "\(percentEncode($0.key))=\(percentEncode($0.value))" }
            .joined(separator: "&")
    }

    /// The inverse of `percentEncode`.
    public static func percentDecode(_ text: String) throws -> String {
        try percentDecode(Substring(text).utf8)
    }

    private static func percentDecode(_ text: Substring.UTF8View) throws -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count)
        var iterator = text.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue),
                    let low = iterator.next().flatMap(hexValue)
                else { throw ChannelError.malformedBody("bad percent escape in form body") }
                bytes.append(high << 4 | low)
            default:
                bytes.append(byte)
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw ChannelError.malformedBody("form body is not UTF-8")
        }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// One value escaped as in a form body: what Alipay asks of `passback_params`.
    public static func percentEncode(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                encoded.append("+")
            default:
                encoded += String(format: "%%%02X", byte)
            }
        }
        return encoded
    }
}
