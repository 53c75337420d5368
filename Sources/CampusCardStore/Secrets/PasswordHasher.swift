import Crypto
import Foundation
import NIOPosix
import _CryptoExtras

/// Staff and payment passwords: scrypt (N = 2^14, r = 8, p = 1), a slow, memory-hard KDF, with a
/// random salt; the parameters travel with the hash so they can be raised later.
public enum PasswordHasher {
    public static func hash(_ password: String) throws -> String {
        let salt = SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) }
        let derived = try derive(password, salt: salt, rounds: 1 << 14)
        return "scrypt$16384$\(salt.base64EncodedString())$\(derived.base64EncodedString())"
    }

    public static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$")
        guard parts.count == 4, parts[0] == "scrypt", let rounds = Int(parts[1]),
            rounds.nonzeroBitCount == 1, rounds <= 1 << 20,
            let salt = Data(base64Encoded: String(parts[2])), let expected = Data(base64Encoded: String(parts[3])),
            let derived = try? derive(password, salt: salt, rounds: rounds)
        else { return false }
        // Constant time: compare as MACs would.
        return derived.count == expected.count && zip(derived, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// `hash` on a thread of its own, for the same reason as `verifyOffLoop`.
    public static func hashOffLoop(_ password: String) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { try hash(password) }
    }

    /// `verify` on a thread of its own: 50 ms of scrypt must not stall an event loop.
    public static func verifyOffLoop(_ password: String, against stored: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { verify(password, against: stored) }
    }

    private static func derive(_ password: String, salt: Data, rounds: Int) throws -> Data {
        try KDF.Scrypt.deriveKey(from: Data(password.utf8), salt: salt, outputByteCount: 32, rounds: rounds, blockSize: 8, parallelism: 1)
            .withUnsafeBytes { Data($0) }
    }
}
