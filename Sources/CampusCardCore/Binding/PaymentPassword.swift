import Foundation

/// The six-digit password a cardholder pays and re-verifies with. Only its slow hash is stored.
public struct PaymentPassword: Sendable {
    public let digits: String

    /// A password as typed when proving who one is: six digits, nothing else checked.
    public init(entered text: String) throws(CardError) {
        guard text.count == 6, text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else { throw .paymentPasswordFormat }
        digits = text
    }

    /// A password being chosen: six digits, not the card's initial password, not six equal
    /// digits and not a run up or down (123456, 987654), which are the first guesses of anyone.
    public init(choosing text: String, initialPassword: String?) throws(CardError) {
        try self.init(entered: text)
        let values = text.unicodeScalars.map { Int($0.value) - 48 }
        let steps = Set(zip(values, values.dropFirst()).map { ($1 - $0 + 10) % 10 })
        if steps == [0] { throw .paymentPasswordWeak(.repeated) }
        if steps == [1] || steps == [9] { throw .paymentPasswordWeak(.sequence) }
        if text == initialPassword { throw .paymentPasswordWeak(.sameAsInitial) }
    }

    public enum Weakness: String, Sendable {
        case repeated, sequence
        case sameAsInitial = "same_as_initial"
    }
}
