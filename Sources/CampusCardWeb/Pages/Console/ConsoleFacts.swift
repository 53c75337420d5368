/// A card of facts as term and detail (`<dl>`); a detail with an id can be found by tests and
/// by the reader's tools.
enum ConsoleFacts {
    struct Fact {
        var term: String
        var detail: String
        var id: String? = nil
    }

    static func list(_ facts: [Fact?]) -> Node {
        el("dl") {
            for fact in facts.compactMap({ $0 }) {
                el("dt") { fact.term }
                el("dd", attributes: [fact.id.map { .id($0) }]) { fact.detail }
            }
        }
    }
}
