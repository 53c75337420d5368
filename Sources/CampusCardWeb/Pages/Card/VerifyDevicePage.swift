import CampusCardCore

/// A new (or removed) phone proves it is the cardholder again before it can pay or top up:
/// the payment password, then the ID number for the channel's face certification.
public struct VerifyDevicePage: Sendable {
    public var name: String
    public var error: CardError?
    /// Set once the password is taken: the face step.
    public var faceStep: Bool

    public init(name: String, error: CardError? = nil, faceStep: Bool = false) {
        (self.name, self.error, self.faceStep) = (name, error, faceStep)
    }

    public func render(_ c: PageContext) -> String {
        let base = c.schoolPath ?? ""
        return PageLayout(title: c.t("验证此手机", "Verify this phone")).render(c) {
            Components.note(
                c.t(
                    "这是一部新手机（或曾被移除）。为保护您的余额，请输入支付密码并完成人脸识别后再使用付款码和充值。",
                    "This phone is new here (or was removed). To protect your balance, enter your payment password and verify your face before paying or topping up."
                ))
            if let error { Components.alert(c.message(error)) }
            if faceStep {
                PostForm(action: "\(base)/verify/face", csrf: c.csrfToken) {
                    Components.field(
                        "id_number", label: c.t("身份证号", "National ID number"),
                        hint: c.t("只发给人脸识别服务，不会保存。", "It goes to the face service only and is not kept."), maxLength: 18)
                    Components.submit(c.t("开始人脸识别", "Start face verification"))
                }.node
            } else {
                PostForm(action: "\(base)/verify", csrf: c.csrfToken) {
                    el("p") { name }
                    Components.field(
                        "payment_password", label: c.t("支付密码", "Payment password"), type: "password", inputMode: "numeric",
                        autocomplete: "current-password", maxLength: 6)
                    Components.submit(c.t("下一步", "Next"))
                }.node
            }
        }
    }
}
