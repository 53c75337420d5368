import CampusCardCore
import CampusCardStore

/// `/console/settings`: every setting of the school with its value, its default and its rule;
/// an administrator edits them (a value the rules refuse is said on its field), reads what
/// changes, from what to what, and only then saves (`StaffConsole.update`, audited as the API).
/// The rest of the school reads them.
public struct SchoolSettingsPage: Sendable {
    public enum Stage: Sendable {
        /// The form: the values as typed (the current ones at first) and their refusal, if any.
        case form(values: [String: String], error: CardError?, saved: Bool)
        /// The changes to confirm; the form's values go again in hidden fields.
        case confirm(values: [String: String], changes: [Change])
    }

    public struct Change: Sendable {
        public var key: String
        public var old: String
        public var new: String
    }

    public static let path = "/console/settings"

    public var staff: StaffMember
    public var settings: SchoolSettings
    public var stage: Stage

    public init(staff: StaffMember, settings: SchoolSettings, stage: Stage) {
        (self.staff, self.settings, self.stage) = (staff, settings, stage)
    }

    /// The confirmation of `new`, or nil when it changes nothing.
    public static func confirm(from old: SchoolSettings, to new: SchoolSettings) -> Stage? {
        let changes = SchoolSettingsForm.changes(from: old, to: new).map { Change(key: $0.field.key, old: $0.old, new: $0.new) }
        return changes.isEmpty ? nil : .confirm(values: SchoolSettingsForm.values(new), changes: changes)
    }

    public static let unchanged = CardError.invalidField("settings", zh: "没有改动任何设置", en: "nothing was changed")

    static func title(_ c: PageContext) -> String { c.t("学校设置", "School settings") }

    static func group(_ group: SettingField.Group, _ c: PageContext) -> String {
        switch group {
        case .topUp: c.t("充值", "Top-ups")
        case .autoTopUp: c.t("自动充值", "Auto top-up")
        case .binding: c.t("绑定与服务中心", "Binding and the service center")
        case .graduates: c.t("离校", "Leavers")
        }
    }

    public func render(_ c: PageContext) -> String {
        ConsoleLayout(title: Self.title(c), staff: staff).render(c) {
            switch stage {
            case .form(let values, let error, let saved):
                if saved { el("p", .class("note"), .role("status"), .id("done")) { c.t("设置已保存。", "The settings are saved.") } }
                let field = error?.details["field"]
                // Said at the top too: the fields it concerns may be far down a long form.
                if let error { Components.alert(c.message(error)) }
                if staff.role.may(.runSchool) {
                    form(values, field: field, error.map(c.message), c)
                } else {
                    table(c)
                }
                signOn(c)
            case .confirm(let values, let changes): confirm(values, changes, c)
            }
        }
    }

    static func concerns(_ field: SettingField, _ name: String?) -> Bool {
        name.map { $0 == field.key || field.rules.contains($0) } ?? false
    }

    private func form(_ values: [String: String], field name: String?, _ message: String?, _ c: PageContext) -> Node {
        let defaults = SchoolSettingsForm.values(.defaults)
        return PostForm(action: Self.path + "/confirm", csrf: c.csrfToken, class: "settings") {
            for group in SettingField.Group.allCases {
                el("fieldset", .class("card")) {
                    el("legend") { Self.group(group, c) }
                    for field in SchoolSettingsForm.fields where field.group == group {
                        let error = Self.concerns(field, name) ? message : nil
                        let hint = c.t(
                            "默认 \(Self.shown(defaults[field.key] ?? "", field, c))；\(field.rule.zh)",
                            "Default \(Self.shown(defaults[field.key] ?? "", field, c)); \(field.rule.en)")
                        if field.choices.isEmpty {
                            Components.field(
                                field.key, label: c.t(field.label.zh, field.label.en), value: values[field.key] ?? "", hint: hint,
                                error: error,
                                maxLength: 200, required: field.key != "custom_top_up_multiple")
                        } else {
                            choice(field, selected: values[field.key] ?? "", hint: hint, error: error, c)
                        }
                    }
                }
            }
            Components.submit(c.t("下一步：核对改动", "Next: check the changes"))
        }.node
    }

    private func choice(_ field: SettingField, selected: String, hint: String, error: String?, _ c: PageContext) -> Node {
        let described = "\(field.key)-hint" + (error == nil ? "" : " \(field.key)-error")
        return el("div", .class(error == nil ? "field" : "field invalid")) {
            el("label", .for(field.key)) { c.t(field.label.zh, field.label.en) }
            el("select", .id(field.key), .name(field.key), .aria("describedby", described)) {
                for option in field.choices {
                    el("option", attributes: [.value(option.value), option.value == selected ? .selected : nil]) {
                        c.t(option.zh, option.en)
                    }
                }
            }
            el("p", .class("hint"), .id("\(field.key)-hint")) { hint }
            if let error { el("p", .class("error"), .id("\(field.key)-error"), .role("alert")) { error } }
        }
    }

    /// A value as read: a choice by its name, an empty one as "none".
    static func shown(_ value: String, _ field: SettingField, _ c: PageContext) -> String {
        if let option = field.choices.first(where: { $0.value == value }) { return c.t(option.zh, option.en) }
        return value.isEmpty ? c.t("无", "none") : value
    }

    private func table(_ c: PageContext) -> Node {
        let current = SchoolSettingsForm.values(settings)
        let defaults = SchoolSettingsForm.values(.defaults)
        return el("table", .class("grid")) {
            el("thead") {
                el("tr") {
                    for header in [c.t("设置", "Setting"), c.t("当前", "Now"), c.t("默认", "Default"), c.t("规则", "Rule")] {
                        el("th", Attribute("scope", "col")) { header }
                    }
                }
            }
            el("tbody") {
                for field in SchoolSettingsForm.fields {
                    el("tr") {
                        el("td") { c.t(field.label.zh, field.label.en) }
                        el("td", .id("now-\(field.key)")) { Self.shown(current[field.key] ?? "", field, c) }
                        el("td") { Self.shown(defaults[field.key] ?? "", field, c) }
                        el("td") { c.t(field.rule.zh, field.rule.en) }
                    }
                }
            }
        }
    }

    /// How the school app signs its people in: shown here, chosen through the settings' API
    /// (`sign_on`), since a server address and a client id are an integration, not a number.
    private func signOn(_ c: PageContext) -> Node {
        el("section", .class("card"), .id("sign-on")) {
            el("h2") { c.t("学校App登录（统一身份认证）", "School app sign-on") }
            switch settings.signOn {
            case .cas(let server):
                el("p") { c.t("CAS 3.0：", "CAS 3.0: ") + server }
            case .oidc(let provider):
                el("p") { c.t("OpenID Connect：", "OpenID Connect: ") + provider.issuer + c.t("，客户端 ", ", client ") + provider.clientID }
                el("p") {
                    if let acr = provider.faceACR {
                        c.t("人脸核验：学校身份认证（acr ", "Face check: the school's sign-on (acr ") + acr + c.t("）", ")")
                    } else {
                        c.t("人脸核验：腾讯云慧眼（学校身份认证未设 face_acr）", "Face check: Tencent FaceID (the sign-on has no face_acr)")
                    }
                }
            case nil:
                el("p") { c.t("部署默认的学校登录。", "The deployment's school login.") }
            }
            el("p", .class("hint")) {
                c.t(
                    "由管理员通过 PUT /api/v1/console/settings 的 sign_on 设置（CAS 或 OpenID Connect，可含人脸认证的 face_acr）。",
                    "Set by an administrator with sign_on in PUT /api/v1/console/settings (CAS or OpenID Connect, with face_acr if it can do face)."
                )
            }
        }
    }

    private func confirm(_ values: [String: String], _ changes: [Change], _ c: PageContext) -> Node {
        let fields = Dictionary(uniqueKeysWithValues: SchoolSettingsForm.fields.map { ($0.key, $0) })
        return CounterSteps.confirm(
            .init(
                consequence: c.t(
                    "将修改本校 \(changes.count) 项设置，立即对全校持卡人生效。此操作记入审计日志。",
                    "\(changes.count) of the school's settings will change, for every cardholder at once. It is recorded in the audit log."),
                facts: changes.map { change in
                    let field = fields[change.key]!
                    return .init(
                        term: c.t(field.label.zh, field.label.en),
                        detail: Self.shown(change.old, field, c) + " → " + Self.shown(change.new, field, c), id: "change-\(change.key)")
                },
                action: Self.path, hidden: SchoolSettingsForm.fields.map { ($0.key, values[$0.key] ?? "") },
                button: c.t("确认保存", "Save the settings"), back: (c.t("返回修改", "Change"), Self.path)), c)
    }
}
