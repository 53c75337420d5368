/// Campus names that differ by a character (主校区 / 东校区, 南湖校区 / 南海校区) are easy to tap
/// wrongly: where a name differs from a look-alike (same length, more than half of it the same)
/// the differing characters are marked.
public enum CampusNames {
    public struct Part: Equatable, Sendable {
        public var text: String
        public var differs: Bool
    }

    /// Each name in parts; a part `differs` where a look-alike among `names` has another character there.
    public static func marked(_ names: [String]) -> [[Part]] {
        let characters = names.map(Array.init)
        return characters.map { name in
            var marks = Array(repeating: false, count: name.count)
            for other in characters where other.count == name.count && other != name {
                let different = zip(name, other).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
                if different.count * 2 < name.count { for index in different { marks[index] = true } }
            }
            var parts: [Part] = []
            for (character, differs) in zip(name, marks) {
                if let last = parts.last, last.differs == differs {
                    parts[parts.count - 1].text.append(character)
                } else {
                    parts.append(Part(text: String(character), differs: differs))
                }
            }
            return parts
        }
    }
}
