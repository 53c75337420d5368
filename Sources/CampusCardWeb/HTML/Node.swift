/// A piece of a page, built in Swift and escaped once, when rendered: text and attribute values
/// can never become markup. (Plot, the other choice, leaves attribute values unescaped.)
public indirect enum Node: Sendable {
    case element(String, [Attribute], [Node])
    /// `<input>`, `<meta>`: no content, no closing tag.
    case void(String, [Attribute])
    case text(String)
    /// Markup made by a renderer of ours that escapes what it takes in (the barcodes' SVG).
    case trusted(TrustedMarkup)
    case fragment([Node])

    public static let empty = Node.fragment([])

    /// The page as sent: `<!doctype html>` and the tree.
    public static func document(_ root: Node) -> String {
        var out = "<!doctype html>"
        root.render(into: &out)
        return out
    }

    public func render(into out: inout String) {
        switch self {
        case .element(let name, let attributes, let children):
            Self.open(name, attributes, into: &out)
            for child in children { child.render(into: &out) }
            out += "</\(name)>"
        case .void(let name, let attributes):
            Self.open(name, attributes, into: &out)
        case .text(let text):
            out += Escaping.text(text)
        case .trusted(let markup):
            out += markup.markup
        case .fragment(let children):
            for child in children { child.render(into: &out) }
        }
    }

    public var rendered: String {
        var out = ""
        render(into: &out)
        return out
    }

    private static func open(_ name: String, _ attributes: [Attribute], into out: inout String) {
        out += "<\(name)"
        for attribute in attributes {
            out += " \(attribute.name)"
            if let value = attribute.value { out += "=\"\(Escaping.attribute(value))\"" }
        }
        out += ">"
    }
}

/// Markup the project's own renderers produced; nothing typed by a person becomes one.
public struct TrustedMarkup: Sendable {
    let markup: String

    /// `markup` must come from a renderer that escapes its inputs (see `BarcodeSVG`).
    public init(renderedByUs markup: String) {
        self.markup = markup
    }
}

enum Escaping {
    static func text(_ text: String) -> String {
        guard text.contains(where: { $0 == "<" || $0 == ">" || $0 == "&" }) else { return text }
        var out = ""
        out.reserveCapacity(text.count + 16)
        for character in text {
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            default: out.append(character)
            }
        }
        return out
    }

    static func attribute(_ value: String) -> String {
        guard value.contains(where: { "<>&\"'".contains($0) }) else { return value }
        var out = ""
        for character in value {
            switch character {
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
