/// A name people read on a page or a receipt (a school's, a campus's, a canteen's, a staff
/// member's): 1–64 characters once surrounding spaces are dropped, no control characters.
public struct DisplayName: Sendable, Hashable, CustomStringConvertible {
    public let text: String

    /// `field`: the form field it came from, named in the refusal.
    public init(_ entered: String, field: String) throws(CardError) {
        let text = entered.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...64).contains(text.count), !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalidField(field, zh: "请填写 1–64 个字符的名称", en: "give a name of 1–64 characters")
        }
        self.text = text
    }

    public var description: String { text }
}
