import Foundation

/// A staff account's password: chosen (at least 10 characters, not one repeated) or made at random
/// when an account is created or reset, shown once to whoever asked and stored only as a hash.
public struct StaffPassword: Sendable {
    public let text: String

    public init(chosen text: String) throws(CardError) {
        guard text.count >= 10, Set(text).count > 2 else {
            throw .invalidField("password", zh: "密码至少 10 位，且不能由同一字符重复组成", en: "at least 10 characters, not one character repeated")
        }
        self.text = text
    }

    /// 16 characters from an alphabet without look-alikes (no 0/O, 1/l/I), easy to read out at a counter.
    public static func random() -> StaffPassword {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return StaffPassword(unchecked: String((0..<16).map { _ in alphabet.randomElement(using: &generator)! }))
    }

    private init(unchecked text: String) {
        self.text = text
    }
}
