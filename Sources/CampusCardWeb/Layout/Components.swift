import CampusCardCore

/// The pieces pages share: labelled fields, notes, the money line, an empty list.
enum Components {
    /// A labelled input with its hint and, after a refusal, its error (read out with the field);
    /// `autocomplete` nil leaves it out (axe refuses "off" on a date picker).
    static func field(
        _ name: String, label: String, type: String = "text", value: String? = nil, hint: String? = nil, error: String? = nil,
        inputMode: String? = nil, autocomplete: String? = "off", pattern: String? = nil, maxLength: Int? = nil, required: Bool = true,
        extra: [Attribute] = []
    ) -> Node {
        let described = [hint.map { _ in "\(name)-hint" }, error.map { _ in "\(name)-error" }].compactMap { $0 }
        return el("div", .class(error == nil ? "field" : "field invalid")) {
            el("label", .for(name)) { label }
            void(
                "input",
                [
                    .id(name), .name(name), .type(type), value.map { .value($0) }, inputMode.map { Attribute("inputmode", $0) },
                    autocomplete.map { Attribute("autocomplete", $0) }, pattern.map { Attribute("pattern", $0) },
                    maxLength.map { Attribute("maxlength", "\($0)") }, required ? .required : nil,
                    described.isEmpty ? nil : .aria("describedby", described.joined(separator: " ")),
                    error == nil ? nil : .aria("invalid", "true"),
                ] + extra)
            if let hint { el("p", .class("hint"), .id("\(name)-hint")) { hint } }
            if let error { el("p", .class("error"), .id("\(name)-error"), .role("alert")) { error } }
        }
    }

    /// A refusal at the top of a page, in the reader's language, with what to do.
    static func alert(_ message: String) -> Node {
        el("div", .class("alert"), .role("alert")) { message }
    }

    static func note(_ message: String, class className: String = "note") -> Node {
        el("p", .class(className)) { message }
    }

    static func submit(_ title: String, name: String? = nil, value: String? = nil, class className: String = "primary") -> Node {
        el("button", attributes: [.type("submit"), .class(className), name.map { .name($0) }, value.map { .value($0) }]) { title }
    }

    static func link(_ title: String, to href: String, class className: String? = nil) -> Node {
        el("a", attributes: [.href(href), className.map { .class($0) }]) { title }
    }

    static func empty(_ message: String) -> Node {
        el("p", .class("empty")) { message }
    }

    /// The anti-scam warning SPEC "Security" asks for where money is put in.
    static func scamWarning(_ c: PageContext) -> Node {
        el("p", .class("warning"), .role("note")) {
            c.t(
                "谨防\u{201C}代充优惠\u{201D}诈骗：校园卡只在本页面或校园卡服务中心充值，任何人都不会向您索要支付密码或验证码。",
                "Beware of \u{201C}discounted top-up\u{201D} scams: top up only here or at the service center; nobody will ever ask for your payment password or a code."
            )
        }
    }
}
