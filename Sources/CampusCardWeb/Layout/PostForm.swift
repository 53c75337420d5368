/// Every form that changes something: POST, with the session's CSRF token.
public struct PostForm: Sendable {
    public var node: Node

    public init(action: String, csrf: String, class className: String? = nil, @NodeBuilder content: () -> Node) {
        node = el("form", attributes: [Attribute("method", "post"), Attribute("action", action), className.map { .class($0) }]) {
            void("input", [.type("hidden"), .name("_csrf"), .value(csrf)])
            content()
        }
    }
}
