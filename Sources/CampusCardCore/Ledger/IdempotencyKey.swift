import Foundation

/// What makes a request from outside safe to repeat: a key unique inside its scope (a channel's
/// trade number inside that channel, a terminal's transaction id inside that terminal).
public struct IdempotencyKey: Hashable, Codable, Sendable, CustomStringConvertible {
    public let scope: String
    public let key: String

    public init(scope: String, key: String) throws(CardError) {
        let isPrintableASCII: (String) -> Bool = { text in
            text.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F }
        }
        guard (1...64).contains(scope.utf8.count), isPrintableASCII(scope) else {
            throw .invalidField("scope", zh: "须为1–64个可见ASCII字符", en: "must be 1–64 printable ASCII characters")
        }
        guard (1...64).contains(key.utf8.count), isPrintableASCII(key) else {
            throw .invalidField("transaction_id", zh: "须为1–64个可见ASCII字符", en: "must be 1–64 printable ASCII characters")
        }
        (self.scope, self.key) = (scope, key)
    }

    public var description: String { "\(scope)/\(key)" }
}
