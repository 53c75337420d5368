/// Lets a view list its children as Swift statements, with `if`, `for` and optionals.
@resultBuilder
public enum NodeBuilder {
    public static func buildExpression(_ node: Node) -> Node { node }
    public static func buildExpression(_ text: String) -> Node { .text(text) }
    public static func buildExpression(_ nodes: [Node]) -> Node { .fragment(nodes) }
    public static func buildBlock(_ nodes: Node...) -> Node { .fragment(nodes) }
    public static func buildOptional(_ node: Node?) -> Node { node ?? .empty }
    public static func buildEither(first node: Node) -> Node { node }
    public static func buildEither(second node: Node) -> Node { node }
    public static func buildArray(_ nodes: [Node]) -> Node { .fragment(nodes) }
}

/// `el("div", .class("card")) { … }`: an element with its attributes and children.
public func el(_ name: String, _ attributes: Attribute..., @NodeBuilder content: () -> Node = { .empty }) -> Node {
    .element(name, attributes, [content()])
}

/// An element whose attributes were gathered in an array (optional ones filtered first).
public func el(_ name: String, attributes: [Attribute?], @NodeBuilder content: () -> Node = { .empty }) -> Node {
    .element(name, attributes.compactMap { $0 }, [content()])
}

public func void(_ name: String, _ attributes: [Attribute?]) -> Node {
    .void(name, attributes.compactMap { $0 })
}
