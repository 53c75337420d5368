import Foundation

/// The fixed parts of ACP 5.1.0 messages, and how their bodies read. Requests (and UnionPay's
/// notifications) are form-encoded; UnionPay's synchronous answers are `name=value&…` as is,
/// unescaped, where a value may hold `=` (base64) and `{…}` / `[…]` groups may hold `&`.
public enum UnionPayMessage {
    public static let version = "5.1.0"
    public static let signMethod = "01"
    public static let encoding = "UTF-8"
    public static let currencyCode = "156"
    /// A merchant connecting directly (`accessType=0`).
    public static let directAccess = "0"

    /// The gateway's endpoints, under its base URL (https://gateway.95516.com, or
    /// https://gateway.test.95516.com for UnionPay's test environment). The token operations
    /// (SMS, opening, deleting) are back transactions too; the app SDK's `appTransReq.do` is not
    /// used (the school app pays through the front page).
    public enum Endpoint: String, Sendable {
        /// Posted by the cardholder's browser: the bank's cashier page.
        case front = "/gateway/api/frontTransReq.do"
        case back = "/gateway/api/backTransReq.do"
        case query = "/gateway/api/queryTrans.do"
    }

    /// The common fields of every request of ours.
    public static func request(merchantID: String, orderID: String, at date: Date) -> [String: String] {
        [
            "version": version, "encoding": encoding, "accessType": directAccess, "merId": merchantID, "orderId": orderID,
            "txnTime": ChinaTime.compact(date),
        ]
    }

    /// A synchronous answer's fields.
    public static func answerFields(_ body: String) throws -> [String: String] {
        var fields: [String: String] = [:]
        for pair in try split(body.trimmingCharacters(in: .whitespacesAndNewlines), on: "&") where !pair.isEmpty {
            guard let equals = pair.firstIndex(of: "=") else { throw ChannelError.malformedBody("answer field without '='") }
            let key = String(pair[..<equals])
            guard fields.updateValue(String(pair[pair.index(after: equals)...]), forKey: key) == nil else {
                throw ChannelError.malformedBody("answer field \(key) appears twice")
            }
        }
        return fields
    }

    /// The answer body UnionPay writes for `fields` (sorted, unescaped).
    public static func answerBody(_ fields: [String: String]) -> String {
        fields.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
    }

    /// `{a=1&b=2}`, the form of `tokenPayData` and (inside base64) `customerInfo`.
    public static func braced(_ fields: [(String, String)]) -> String {
        "{" + fields.map { "\($0.0)=\($0.1)" }.joined(separator: "&") + "}"
    }

    public static func unbraced(_ text: String) throws -> [String: String] {
        guard text.hasPrefix("{"), text.hasSuffix("}") else { throw ChannelError.malformedField("expected {…}") }
        return try answerFields(String(text.dropFirst().dropLast()))
    }

    /// Splits on `separator` outside `{}` and `[]`.
    private static func split(_ text: String, on separator: Character) throws -> [Substring] {
        var parts: [Substring] = []
        var depth = 0
        var start = text.startIndex
        for index in text.indices {
            switch text[index] {
            case "{", "[": depth += 1
            case "}", "]": depth -= 1
            case separator where depth == 0:
                parts.append(text[start..<index])
                start = text.index(after: index)
            default: break
            }
            guard depth >= 0 else { throw ChannelError.malformedBody("unbalanced brackets") }
        }
        parts.append(text[start...])
        return parts
    }
}
