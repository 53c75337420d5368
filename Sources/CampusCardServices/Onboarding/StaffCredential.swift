import CampusCardCore
import CampusCardStore

/// A staff password with its scrypt hash, made on a thread of its own before any transaction:
/// scrypt's tens of milliseconds must hold neither an event loop nor SQLite's write lock.
public struct StaffCredential: Sendable {
    public let password: StaffPassword
    let hash: String

    public static func hashing(_ password: StaffPassword) async throws -> StaffCredential {
        StaffCredential(password: password, hash: try await PasswordHasher.hashOffLoop(password.text))
    }
}
