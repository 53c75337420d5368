import Crypto
import Foundation

/// Hashes a card's six-character initial password with HMAC-SHA256 under a key derived from the
/// master key, salted per cardholder. Six digits are a million guesses for anyone holding the
/// hashes; without the key they are none. Fast enough to import 100,000 roster rows.
public struct CardSecretHasher: Sendable {
    let key: SymmetricKey

    public func hash(_ secret: String) -> String {
        let salt = SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) }
        return "h1$\(salt.base64EncodedString())$\(mac(secret, salt: salt).base64EncodedString())"
    }

    public func verify(_ secret: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$")
        guard parts.count == 3, parts[0] == "h1", let salt = Data(base64Encoded: String(parts[1])),
            let expected = Data(base64Encoded: String(parts[2]))
        else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(expected, authenticating: salt + Data(secret.utf8), using: key)
    }

    private func mac(_ secret: String, salt: Data) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: salt + Data(secret.utf8), using: key))
    }
}
