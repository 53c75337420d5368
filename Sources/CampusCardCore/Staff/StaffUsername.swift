/// A staff account's sign-in name: 3–32 of lower-case letters, digits, `.`, `-` and `_`, starting
/// with a letter; unique across the deployment (staff of every school sign in at one address).
public struct StaffUsername: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init?(rawValue: String) {
        let scalars = rawValue.unicodeScalars
        guard (3...32).contains(scalars.count), let first = scalars.first, ("a"..."z").contains(first),
            scalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || ".-_".unicodeScalars.contains($0) })
        else { return nil }
        self.rawValue = rawValue
    }

    /// The name as typed: surrounding spaces dropped, letters lower-cased; refused with the rule.
    public init(entered text: String) throws(CardError) {
        guard let name = StaffUsername(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased()) else {
            throw .invalidField(
                "username", zh: "用户名为 3–32 位小写字母、数字或 . - _，以字母开头", en: "3–32 lower-case letters, digits or . - _, starting with a letter")
        }
        self = name
    }

    public var description: String { rawValue }
}
