import Crypto
import Foundation

/// Bearer tokens for staff and cardholder sessions: 256 random bits, handed out once and stored
/// only as their SHA-256, so a copy of the sessions table signs nobody in.
enum SessionToken {
    static func random() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Lower-case hex of the SHA-256, as stored. (Not `String(format:)` per byte: every cardholder
    /// request computes it, and thirty-two formatted strings were a twentieth of a home page.)
    static func digest(_ token: String) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(token.utf8)) {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
