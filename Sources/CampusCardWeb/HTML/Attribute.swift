/// One attribute of an element; the value is escaped when the page is rendered.
public struct Attribute: Sendable {
    public let name: String
    /// nil: a boolean attribute (`required`, `checked`).
    public let value: String?

    public init(_ name: String, _ value: String?) {
        (self.name, self.value) = (name, value)
    }

    public static func `class`(_ value: String) -> Attribute { Attribute("class", value) }
    public static func id(_ value: String) -> Attribute { Attribute("id", value) }
    public static func href(_ value: String) -> Attribute { Attribute("href", value) }
    public static func name(_ value: String) -> Attribute { Attribute("name", value) }
    public static func value(_ value: String) -> Attribute { Attribute("value", value) }
    public static func type(_ value: String) -> Attribute { Attribute("type", value) }
    public static func `for`(_ value: String) -> Attribute { Attribute("for", value) }
    public static func role(_ value: String) -> Attribute { Attribute("role", value) }
    public static func aria(_ name: String, _ value: String) -> Attribute { Attribute("aria-\(name)", value) }
    public static func data(_ name: String, _ value: String) -> Attribute { Attribute("data-\(name)", value) }
    public static func lang(_ value: String) -> Attribute { Attribute("lang", value) }
    public static let required = Attribute("required", nil)
    public static let checked = Attribute("checked", nil)
    public static let selected = Attribute("selected", nil)
    public static let disabled = Attribute("disabled", nil)
}
