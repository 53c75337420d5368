import CampusCardCore
import CampusCardStore
import Foundation

/// `/console/cardholders/{学工号}/roster/{kind}`: correcting what the roster says of a cardholder
/// at the counter: their name or campus, or an international student's passport. The clerk types
/// it; a confirmation shows each change before and after; only its button writes it.
public struct RosterCorrectionPage: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// The name (as on their documents) and the campus.
        case details
        /// An international student's passport number, which they bind with.
        case passport
    }

    public enum Stage: Sendable {
        /// The form, with what was typed (by field) and its refusal, if any.
        case form(typed: [String: String], error: CardError?)
        /// The confirmation of the checked values, by field.
        case confirm(changes: [String: String])
    }

    public var staff: StaffMember
    public var cardholder: CardholderEntry
    public var kind: Kind
    public var stage: Stage
    /// The school's campuses, to choose from (`details`).
    public var campuses: [BindStepPage.Campus]

    public init(staff: StaffMember, cardholder: CardholderEntry, kind: Kind, stage: Stage, campuses: [BindStepPage.Campus] = []) {
        (self.staff, self.cardholder, self.kind, self.stage, self.campuses) = (staff, cardholder, kind, stage, campuses)
    }

    public static func path(_ staffNumber: String, _ kind: Kind) -> String {
        ConsoleSearchPage.profilePath(staffNumber) + "/roster/" + kind.rawValue
    }

    public static func title(_ kind: Kind, _ c: PageContext) -> String {
        switch kind {
        case .details: CounterDone.correctRoster.title(c)
        case .passport: CounterDone.registerPassport.title(c)
        }
    }

    /// Whether the profile offers it to `cardholder`.
    public static func fits(_ kind: Kind, _ cardholder: CardholderEntry) -> Bool {
        switch kind {
        case .details: true
        case .passport: cardholder.kind == .international
        }
    }

    /// The fields of each kind, in the form's order.
    static func fields(_ kind: Kind) -> [String] {
        switch kind {
        case .details: ["name", "campus"]
        case .passport: ["passport"]
        }
    }

    var path: String { Self.path(cardholder.staffNumber, kind) }

    public func render(_ c: PageContext) -> String {
        CounterSteps.page(Self.title(kind, c), staff: staff, cardholder: cardholder, c) {
            switch stage {
            case .form(let typed, let error): form(typed, error: error, c)
            case .confirm(let changes): confirm(changes, c)
            }
        }
    }

    /// A field's name and what the roster says now.
    private func current(_ field: String, _ c: PageContext) -> (term: String, value: String) {
        switch field {
        case "name": (c.t("姓名", "Name"), cardholder.name)
        case "campus": (c.t("校区", "Campus"), cardholder.campus ?? c.t("未指定", "None"))
        case "passport": (c.t("护照号", "Passport number"), cardholder.passport ?? c.t("未登记", "Not registered"))
        default: (field, "")
        }
    }

    private func form(_ typed: [String: String], error: CardError?, _ c: PageContext) -> Node {
        el("section", .class("card")) {
            if Self.fits(kind, cardholder) {
                let field = error.flatMap { Self.field(of: $0, among: Self.fields(kind)) }
                if let error, field == nil { Components.alert(c.message(error)) }
                ConsoleFacts.list(
                    [
                        .init(term: c.t("持卡人", "Cardholder"), detail: CounterSteps.who(cardholder, c)),
                        .init(term: c.t("类别", "Kind"), detail: ConsoleNames.kind(cardholder.kind, c)),
                    ] + Self.fields(kind).map { .init(term: current($0, c).term, detail: current($0, c).value) })
                PostForm(action: path + "/confirm", csrf: c.csrfToken) {
                    for name in Self.fields(kind) {
                        input(name, value: typed[name] ?? "", error: field == name ? error.map(c.message) : nil, c)
                    }
                    Components.submit(c.t("下一步：确认", "Next: confirm"))
                }.node
            } else {
                Components.alert(error.map(c.message) ?? c.t("护照号只为留学生登记。", "Only international students register a passport."))
                Components.link(c.t("取消", "Cancel"), to: ConsoleSearchPage.profilePath(cardholder.staffNumber), class: "secondary")
            }
        }
    }

    private func input(_ name: String, value: String, error: String?, _ c: PageContext) -> Node {
        switch name {
        case "name":
            Components.field(
                name, label: c.t("姓名", "Name"), value: value.isEmpty ? cardholder.name : value,
                hint: c.t("与证件一致；拉丁字母区分大小写", "As on their documents; Latin letters are case-sensitive"), error: error,
                maxLength: 64)
        case "campus":
            campusChoice(value.isEmpty ? campuses.first { $0.name == cardholder.campus }?.code ?? "" : value, error: error, c)
        case "passport":
            Components.field(
                name, label: c.t("新护照号", "New passport number"), value: value,
                hint: c.t("核对护照原件后填写：5–20位字母或数字", "Check the passport itself: 5–20 letters or digits"), error: error,
                maxLength: 20, extra: [Attribute("autocapitalize", "characters"), Attribute("spellcheck", "false")])
        default: .empty
        }
    }

    /// Whether the form of `kind` shows `error` (on one of its fields), rather than an error page.
    public static func shows(_ error: CardError, _ kind: Kind) -> Bool {
        field(of: error, among: fields(kind)) != nil || (error.code == .invalidField && error.details["field"] == "correction")
    }

    /// The field a refusal is about, if it is one of the form's.
    static func field(of error: CardError, among fields: [String]) -> String? {
        let field: String? =
            switch error.code {
            case .passportInvalid: "passport"
            case .nameInvalid: "name"
            case .unknownCampus: "campus"
            case .invalidField: error.details["field"]
            default: nil
            }
        return field.flatMap { fields.contains($0) ? $0 : nil }
    }

    private func confirm(_ changes: [String: String], _ c: PageContext) -> Node {
        let fields = Self.fields(kind).filter { changes[$0] != nil }
        return CounterSteps.confirm(
            .init(
                consequence: consequence(changes, c),
                facts: fields.map {
                    .init(term: current($0, c).term, detail: "\(current($0, c).value) → \(shown($0, changes, c))", id: "change-\($0)")
                },
                action: path, hidden: fields.map { ($0, changes[$0] ?? "") }, button: c.t("确认更正", "Correct it"),
                back: (c.t("返回修改", "Change"), path)), c)
    }

    private func consequence(_ changes: [String: String], _ c: PageContext) -> String {
        switch kind {
        case .details:
            let list = Self.fields(kind).filter { changes[$0] != nil }.map {
                "\(current($0, c).term) \(current($0, c).value) → \(shown($0, changes, c))"
            }
            return c.t(
                "将更正 \(CounterSteps.who(cardholder, c))的名单信息：\(list.joined(separator: "；"))。持卡人此后绑定须填写新的信息。此操作记入审计日志。",
                "The roster of \(CounterSteps.who(cardholder, c)) will be corrected: \(list.joined(separator: "; ")). They bind with the new details from now on. It is recorded in the audit log."
            )
        case .passport:
            let passport = changes["passport"] ?? ""
            return c.t(
                "将为 \(CounterSteps.who(cardholder, c))登记护照号 \(passport)：此后持卡人以此护照号绑定手机\(cardholder.passport.map { "，原护照号 \($0) 不再可用" } ?? "")。此操作记入审计日志。",
                "The passport number \(passport) will be registered for \(CounterSteps.who(cardholder, c)): they bind a phone with it from now on\(cardholder.passport.map { "; the old number \($0) no longer works" } ?? ""). It is recorded in the audit log."
            )
        }
    }

    /// A change as the clerk reads it: a campus by its name.
    private func shown(_ field: String, _ changes: [String: String], _ c: PageContext) -> String {
        let value = changes[field] ?? ""
        return field == "campus" ? campuses.first { $0.code == value }?.name ?? value : value
    }

    private func campusChoice(_ selected: String, error: String?, _ c: PageContext) -> Node {
        el("div", .class(error == nil ? "field" : "field invalid")) {
            el("label", .for("campus")) { c.t("校区", "Campus") }
            el("select", attributes: [.id("campus"), .name("campus"), error == nil ? nil : .aria("describedby", "campus-error")]) {
                for campus in campuses {
                    el("option", attributes: [.value(campus.code), campus.code == selected ? .selected : nil]) { campus.name }
                }
            }
            if let error { el("p", .class("error"), .id("campus-error"), .role("alert")) { error } }
        }
    }
}
