import CampusCardCore

/// Binding, one step per screen (SPEC "Binding"): campus, 学工号 and name, initial password (or
/// passport), payment password twice, then the ID number for the channel's face certification,
/// which the server starts and later asks the provider about. What was
/// typed travels sealed between steps; a refusal shows on the field it is about.
public struct BindStepPage: Sendable {
    public enum Step: String, Sendable, CaseIterable {
        case campus, identity, proof, payment, face

        public var number: Int { Self.allCases.firstIndex(of: self)! + 1 }
    }

    public struct Campus: Sendable {
        public var code: String
        public var name: String

        public init(code: String, name: String) {
            (self.code, self.name) = (code, name)
        }
    }

    public var step: Step
    public var schoolName: String
    public var campuses: [Campus]
    /// What the cardholder typed before (never a password).
    public var values: [String: String]
    public var passport: Bool
    public var staffNumberDigits: ClosedRange<Int>
    public var error: CardError?

    public init(
        step: Step, schoolName: String, campuses: [Campus], values: [String: String] = [:], passport: Bool = false,
        staffNumberDigits: ClosedRange<Int>, error: CardError? = nil
    ) {
        (self.step, self.schoolName, self.campuses, self.values, self.passport) = (step, schoolName, campuses, values, passport)
        (self.staffNumberDigits, self.error) = (staffNumberDigits, error)
    }

    public func render(_ c: PageContext) -> String {
        let base = (c.schoolPath ?? "") + "/bind"
        return PageLayout(title: c.t("绑定校园卡", "Bind your campus card")).render(c) {
            el("p", .class("steps")) { c.t("第 \(step.number) 步，共 5 步", "Step \(step.number) of 5") }
            if let error, fieldOf(error) == nil { Components.alert(c.message(error)) }
            switch step {
            case .campus: campusStep(base, c)
            case .identity: identityStep(base, c)
            case .proof: proofStep(base, c)
            case .payment: paymentStep(base, c)
            case .face: faceStep(base, c)
            }
            if step != .campus {
                Components.link(c.t("上一步", "Back"), to: "\(base)/\(Step.allCases[step.number - 2].rawValue)", class: "secondary")
            }
        }
    }

    /// The field a refusal is about, when it is one of this step's.
    private func fieldOf(_ error: CardError) -> String? {
        let field: String? =
            switch error.code {
            case .staffNumberInvalid, .staffNumberIsPhoneNumber: "staff_number"
            case .nameInvalid: "name"
            case .nationalIDInvalid: step == .face ? "id_number" : "initial_password"
            case .passportInvalid: "passport"
            case .paymentPasswordFormat, .paymentPasswordWeak: "payment_password"
            case .unknownCampus: "campus"
            case .invalidField: error.details["field"]
            default: nil
            }
        let fields: [Step: [String]] = [
            .campus: ["campus"], .identity: ["staff_number", "name"], .proof: ["initial_password", "passport"],
            .payment: ["payment_password", "payment_password_again"], .face: ["id_number"],
        ]
        return field.flatMap { fields[step]?.contains($0) == true ? $0 : nil }
    }

    private func fieldError(_ name: String, _ c: PageContext) -> String? {
        guard let error, fieldOf(error) == name else { return nil }
        return c.message(error)
    }

    private func campusStep(_ base: String, _ c: PageContext) -> Node {
        PostForm(action: "\(base)/campus", csrf: c.csrfToken) {
            el("p") { c.t("学校：", "School: ") + schoolName }
            if campuses.isEmpty {
                Components.note(c.t("本校只有一个校区，无需选择。", "This school has one campus: nothing to choose."))
            } else {
                el("fieldset", .class("choices")) {
                    el("legend") { c.t("选择校区（请看清名称）", "Choose your campus (check the name)") }
                    for (campus, parts) in zip(campuses, CampusNames.marked(campuses.map(\.name))) {
                        el("label", .class("choice")) {
                            void(
                                "input",
                                [
                                    .type("radio"), .name("campus"), .value(campus.code), .required,
                                    values["campus"] == campus.code ? .checked : nil,
                                ])
                            for part in parts { part.differs ? el("mark") { part.text } : .text(part.text) }
                        }
                    }
                }
                if let message = fieldError("campus", c) { Components.alert(message) }
            }
            Components.submit(c.t("下一步", "Next"))
        }.node
    }

    private func identityStep(_ base: String, _ c: PageContext) -> Node {
        PostForm(action: "\(base)/identity", csrf: c.csrfToken) {
            Components.field(
                "staff_number", label: c.t("学工号", "Student or staff number"), value: values["staff_number"],
                hint: c.t(
                    "\(staffNumberDigits.lowerBound)–\(staffNumberDigits.upperBound)位数字，在校园卡正面；不是手机号。",
                    "\(staffNumberDigits.lowerBound)–\(staffNumberDigits.upperBound) digits, printed on your card; not your phone number."),
                error: fieldError("staff_number", c), inputMode: "numeric", maxLength: 40)
            Components.field(
                "name", label: c.t("姓名", "Name"), value: values["name"], hint: c.t("与学校登记的姓名一致。", "As the school has it."),
                error: fieldError("name", c), autocomplete: "name", maxLength: 64)
            Components.submit(c.t("下一步", "Next"))
        }.node
    }

    private func proofStep(_ base: String, _ c: PageContext) -> Node {
        PostForm(action: "\(base)/proof", csrf: c.csrfToken) {
            if passport {
                void("input", [.type("hidden"), .name("proof"), .value("passport")])
                Components.field(
                    "passport", label: c.t("护照号", "Passport number"), value: values["passport"],
                    hint: c.t("留学生：须先在校园卡服务中心登记护照。", "International students: register your passport at the service center first."),
                    error: fieldError("passport", c), maxLength: 20)
            } else {
                Components.field(
                    "initial_password", label: c.t("初始密码", "Initial password"), type: "password",
                    hint: c.t("身份证后6位，X用0代替", "The last 6 characters of your national ID, X written as 0"),
                    error: fieldError("initial_password", c), inputMode: "numeric", autocomplete: "current-password", maxLength: 6)
            }
            Components.submit(c.t("下一步", "Next"))
            Components.link(
                passport
                    ? c.t("使用身份证初始密码", "Use the ID-card initial password") : c.t("留学生？使用护照号", "International student? Use your passport"),
                to: "\(base)/proof\(passport ? "" : "?passport=1")", class: "secondary")
        }.node
    }

    private func paymentStep(_ base: String, _ c: PageContext) -> Node {
        PostForm(action: "\(base)/payment", csrf: c.csrfToken) {
            el("p", .class("warning"), .role("note")) {
                c.t(
                    "请设置6位数字支付密码。不要使用银行卡密码，也不要用123456、111111这类简单密码。",
                    "Choose a 6-digit payment password. Do not reuse a bank card password, nor simple ones like 123456 or 111111.")
            }
            Components.field(
                "payment_password", label: c.t("支付密码", "Payment password"), type: "password", error: fieldError("payment_password", c),
                inputMode: "numeric", autocomplete: "new-password", maxLength: 6)
            Components.field(
                "payment_password_again", label: c.t("再次输入支付密码", "Payment password again"), type: "password",
                error: fieldError("payment_password_again", c), inputMode: "numeric", autocomplete: "new-password", maxLength: 6)
            Components.submit(c.t("下一步", "Next"))
        }.node
    }

    private func faceStep(_ base: String, _ c: PageContext) -> Node {
        PostForm(action: "\(base)/face", csrf: c.csrfToken) {
            Components.note(
                c.t(
                    "最后一步：由渠道进行人脸识别，确认是您本人。请输入身份证号，它只发给人脸识别服务，不会保存。识别完成后自动返回并完成绑定。",
                    "Last step: the channel checks your face to confirm it is you. Enter your national ID number: it goes to the face service only and is not kept. You come back here to finish."
                ))
            Components.field(
                "id_number", label: c.t("身份证号", "National ID number"), error: fieldError("id_number", c), autocomplete: "off",
                maxLength: 18)
            Components.submit(c.t("开始人脸识别", "Start face verification"))
        }.node
    }
}
