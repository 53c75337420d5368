import CampusCardCore

/// `/` and `/h5/{school}` before signing in: each school, and a way in through each channel.
/// Inside a channel the channel's entry URL names it (`?channel=alipay`) and this page is skipped.
public struct EntryPage: Sendable {
    public struct School: Sendable {
        public var code: String
        public var name: String

        public init(code: String, name: String) {
            (self.code, self.name) = (code, name)
        }
    }

    public var schools: [School]
    public var error: CardError?

    public init(schools: [School], error: CardError? = nil) {
        (self.schools, self.error) = (schools, error)
    }

    static let channels: [(BindingChannel, String, String)] = [
        (.alipay, "通过支付宝进入", "Enter through Alipay"), (.wechat, "通过微信进入", "Enter through WeChat"),
        (.schoolApp, "通过学校App进入", "Enter through the school app"),
    ]

    public func render(_ c: PageContext) -> String {
        PageLayout(title: c.t("校园卡", "Campus card")).render(c) {
            if let error { Components.alert(c.message(error)) }
            Components.note(
                c.t(
                    "在支付宝、微信或学校App中打开本页，绑定校园卡后即可充值、查账单和出示付款码。",
                    "Open this page in Alipay, WeChat or the school app; once your card is bound you can top up, see your records and pay.")
            )
            if schools.isEmpty { Components.empty(c.t("暂无开通的学校。", "No school is open yet.")) }
            for school in schools {
                el("section", .class("card"), .aria("label", school.name)) {
                    el("h2") { school.name }
                    for (channel, zh, en) in Self.channels {
                        Components.link(c.t(zh, en), to: "/h5/\(school.code)/sign-in?channel=\(channel.rawValue)", class: "secondary")
                    }
                }
            }
        }
    }
}
