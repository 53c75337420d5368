import CampusCardCore
import CampusCardStore

/// The pieces every counter action's pages share: the page about one cardholder with the way back
/// to their profile, and the confirmation that says what will happen before its one button does it.
enum CounterSteps {
    /// A console page about `cardholder`, headed by the link back to their profile.
    static func page(_ title: String, staff: StaffMember, cardholder: CardholderEntry, _ c: PageContext, @NodeBuilder content: () -> Node)
        -> String
    {
        ConsoleLayout(title: title, staff: staff).render(c) {
            el("p") {
                Components.link(
                    c.t("← 返回 \(cardholder.name) 的资料", "← Back to \(cardholder.name)"),
                    to: ConsoleSearchPage.profilePath(cardholder.staffNumber))
            }
            content()
        }
    }

    /// What a confirmation shows and posts: the consequence in a sentence, the facts it acts on,
    /// the checked input carried again in hidden fields, the button, and the way back.
    struct Confirmation {
        var consequence: String
        var facts: [ConsoleFacts.Fact?]
        var action: String
        var hidden: [(name: String, value: String)] = []
        var button: String
        var back: (title: String, path: String)
    }

    static func confirm(_ confirmation: Confirmation, _ c: PageContext) -> Node {
        el("section", .class("card"), .aria("labelledby", "what")) {
            el("h2", .id("what")) { c.t("请核对后确认", "Check, then confirm") }
            el("p", .class("warning"), .id("consequence")) { confirmation.consequence }
            ConsoleFacts.list(confirmation.facts)
            PostForm(action: confirmation.action, csrf: c.csrfToken) {
                for field in confirmation.hidden {
                    void("input", [.type("hidden"), .name(field.name), .value(field.value)])
                }
                el("button", .type("submit"), .class("danger")) { confirmation.button }
            }.node
            Components.link(confirmation.back.title, to: confirmation.back.path, class: "secondary")
        }
    }

    /// "张三（20260001）" as the pages name a cardholder.
    static func who(_ cardholder: CardholderEntry, _ c: PageContext) -> String {
        c.t("\(cardholder.name)（\(cardholder.staffNumber)）", "\(cardholder.name) (\(cardholder.staffNumber))")
    }
}
