import Crypto
import Foundation

/// The server's one secret, 32 random bytes given in base64 by `CAMPUSCARD_MASTER_KEY` or a key
/// file. Everything else secret is derived from it per purpose (HKDF), so a leaked database
/// alone reveals no initial password and no terminal secret. Every server process sharing one
/// database must be given the same key.
public struct MasterKey: Sendable {
    private let key: SymmetricKey

    public init?(base64: String) {
        guard let data = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32 else {
            return nil
        }
        key = SymmetricKey(data: data)
    }

    public static func generate() -> (key: MasterKey, base64: String) {
        let text = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
        return (MasterKey(base64: text)!, text)
    }

    func subkey(for purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data("campuscard/\(purpose)".utf8), outputByteCount: 32)
    }

    /// Keyed hashes of cardholders' initial passwords.
    public var cardSecrets: CardSecretHasher { CardSecretHasher(key: subkey(for: "card-initial-secret")) }

    /// Sealing what a page carries between its steps (a binding's answers) in the cardholder's cookie.
    public var pageSeal: SecretBox { SecretBox(key: subkey(for: "page-seal")) }

    /// The token every form of a page session carries (CSRF): derived from the session, so any
    /// process sharing the key checks it without storing it.
    public func formToken(for session: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(session.utf8), using: subkey(for: "page-form-token"))
        return Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// What a school's OpenID sign-on keeps between sending the browser off and its return (PKCE's
    /// verifier, the nonce), derived from the `state` the browser's cookie holds: any process
    /// sharing the key recomputes them, nothing is stored, and the state alone reveals neither.
    public func signOnProof(_ purpose: String, state: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(purpose)\n\(state)".utf8), using: subkey(for: "school-sign-on"))
        return Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Sealing terminal secrets at rest.
    public var secretBox: SecretBox { SecretBox(key: subkey(for: "secret-box")) }
}
