/// A canteen's or shop's code inside its school ("CANTEEN1") and a POS terminal's code across the
/// deployment ("POS-DEMO-1"): what is printed on the device and sent with every request.
public struct MerchantCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init?(rawValue: String) {
        guard PointOfSaleCodes.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }
    public init(entered text: String) throws(CardError) {
        guard let code = MerchantCode(rawValue: PointOfSaleCodes.normalised(text)) else { throw PointOfSaleCodes.refusal("merchant_code") }
        self = code
    }
    public var description: String { rawValue }
}

public struct TerminalCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init?(rawValue: String) {
        guard PointOfSaleCodes.isValid(rawValue) else { return nil }
        self.rawValue = rawValue
    }
    public init(entered text: String) throws(CardError) {
        guard let code = TerminalCode(rawValue: PointOfSaleCodes.normalised(text)) else { throw PointOfSaleCodes.refusal("terminal_code") }
        self = code
    }
    public var description: String { rawValue }
}

/// The rule both codes follow: 2–32 of upper-case letters, digits, `-` and `_`.
enum PointOfSaleCodes {
    static func isValid(_ text: String) -> Bool {
        (2...32).contains(text.unicodeScalars.count)
            && text.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }

    static func normalised(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespaces).uppercased()
    }

    static func refusal(_ field: String) -> CardError {
        .invalidField(field, zh: "编号为 2–32 位大写字母、数字、- 或 _", en: "2–32 upper-case letters, digits, - or _")
    }
}
