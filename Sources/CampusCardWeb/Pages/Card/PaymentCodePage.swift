import CampusCardBarcodes
import CampusCardCore
import Foundation

/// The payment code the canteen's scanner reads: Code 128 and QR of the same 18 digits, good
/// once for a minute; the page fetches a new one before it runs out. A lost card shows none.
public struct PaymentCodePage: Sendable {
    public enum State: Sendable {
        case code(String, expiresAt: Date)
        /// The card cannot pay (lost, frozen, replaced, not issued): why, and what to do.
        case unusable(CardError)
    }

    public var state: State
    public var now: Date

    public init(state: State, now: Date) {
        (self.state, self.now) = (state, now)
    }

    public func render(_ c: PageContext) -> String {
        let refresh: Int? =
            if case .code(_, let expiresAt) = state { max(5, Int(expiresAt.timeIntervalSince(now)) - 5) } else { nil }
        return PageLayout(title: c.t("付款码", "Payment code"), tab: .code, refreshSeconds: refresh).render(c) {
            switch state {
            case .code(let code, let expiresAt):
                el("section", .class("card code")) {
                    el("div", .class("barcode")) { barcode(code, .code128, c) }
                    el("p", .class("digits"), .id("payment-code")) { Self.grouped(code) }
                    el("div", .class("qr")) { barcode(code, .qr, c) }
                    el("p", .class("hint")) {
                        c.t(
                            "向收银员出示，\(c.time(expiresAt)) 前有效，仅可使用一次；页面会自动刷新。",
                            "Show it at the till. Good once, until \(c.time(expiresAt)); the page refreshes itself.")
                    }
                }
                Components.note(c.t("付款码只给收银员扫描，不要截图发给任何人。", "Let only the till scan it: never send a screenshot to anyone."))
                Components.link(c.t("刷新付款码", "New code"), to: (c.schoolPath ?? "") + "/code", class: "secondary")
            case .unusable(let error):
                Components.alert(c.message(error))
            }
        }
    }

    private func barcode(_ code: String, _ symbology: BarcodeSymbology, _ c: PageContext) -> Node {
        let title = symbology == .qr ? c.t("付款二维码", "Payment QR code") : c.t("付款条形码", "Payment barcode")
        // Whole pixels per module (Code 128: 308 px wide; QR: 174 px), scaled down only on a narrower screen.
        guard let svg = try? BarcodeSVG.render(code, as: symbology, title: title, pixelsPerModule: symbology == .qr ? 6 : 2) else {
            return Components.alert(c.t("付款码图像生成失败，请报出下方数字。", "The code image could not be drawn: read out the digits instead."))
        }
        return .trusted(TrustedMarkup(renderedByUs: svg))
    }

    /// 2847 1930 5611 8273 64: easier to read out to a cashier.
    static func grouped(_ code: String) -> String {
        stride(from: 0, to: code.count, by: 4).map { start in
            let from = code.index(code.startIndex, offsetBy: start)
            return String(code[from..<(code.index(from, offsetBy: 4, limitedBy: code.endIndex) ?? code.endIndex)])
        }.joined(separator: " ")
    }
}
