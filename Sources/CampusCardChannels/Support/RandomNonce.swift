/// Random alphanumeric strings for WeChat Pay's `nonce_str` and AES-GCM nonces, which the
/// protocol carries as text rather than bytes.
public enum RandomNonce {
    private static let alphabet = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    public static func make(length: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
