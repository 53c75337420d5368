import CampusCardChannels
import Foundation

/// The sandbox bank's token openings and tokens (UnionPay's 无跳转 token payments): an opening
/// waits for its SMS code under the `orderId` and `txnTime` of its SMS request; a token stands for
/// its card until deleted (a card may have several, one per opening). Kept in `unionpay-tokens.json` of the sandbox's folder.
actor SandboxUnionPayTokens {
    struct Opening: Codable, Sendable {
        var txnTime: String
        var cardNumber: String
        var phone: String
    }

    /// An SMS the bank "sent", shown on the sandbox's SMS page.
    struct SMS: Codable, Sendable {
        var phone: String
        var code: String
        var sentAt: Date
    }

    struct State: Codable {
        var openings: [String: Opening] = [:]
        var tokens: [String: String] = [:]
        var sms: [SMS] = []
    }

    private var state = State() {
        didSet { save() }
    }
    private let file: URL?

    init(file: URL?) throws {
        self.file = file
        if let file, let data = try? Data(contentsOf: file) { state = try JSONDecoder().decode(State.self, from: data) }
    }

    private func save() {
        guard let file, let data = try? JSONEncoder().encode(state) else { return }
        try? data.write(to: file, options: .atomic)
    }

    func beginOpening(_ orderID: String, _ opening: Opening, code: String, at: Date) {
        state.openings[orderID] = opening
        state.sms = Array((state.sms + [SMS(phone: opening.phone, code: code, sentAt: at)]).suffix(20))
    }

    func opening(_ orderID: String) -> Opening? { state.openings[orderID] }

    /// A token for the opened card; each opening its own, so deleting one leaves the others.
    func open(_ orderID: String) -> String? {
        guard let opening = state.openings.removeValue(forKey: orderID) else { return nil }
        let token = "6" + (0..<18).map { _ in String(Int.random(in: 0...9)) }.joined()
        state.tokens[token] = opening.cardNumber
        return token
    }

    func card(of token: String) -> String? { state.tokens[token] }

    func delete(_ token: String) -> Bool { state.tokens.removeValue(forKey: token) != nil }

    var recentSMS: [SMS] { state.sms }
}
