import ArgumentParser
import CampusCardStore
import Foundation

/// Where the data is and the key that guards its secrets; shared by every command.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A SQLite file path or a postgres:// URL.",
            discussion: "Default: $DATABASE_URL, else ./\(DatabaseLocation.defaultSQLitePath)."))
    var database: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "File holding the base64 master key (32 bytes).",
            discussion:
                "Default: $CAMPUSCARD_MASTER_KEY_FILE or $CAMPUSCARD_MASTER_KEY; with SQLite, a key file beside the database is created on first use."
        ))
    var masterKeyFile: String?

    var location: DatabaseLocation {
        DatabaseLocation(database ?? ProcessInfo.processInfo.environment["DATABASE_URL"] ?? DatabaseLocation.defaultSQLitePath)
    }

    /// The master key, or a start-up failure naming what is missing. Every process sharing a
    /// PostgreSQL database must be given the same key, so it is never invented there.
    func masterKey() throws -> MasterKey {
        let environment = ProcessInfo.processInfo.environment
        if let path = masterKeyFile ?? environment["CAMPUSCARD_MASTER_KEY_FILE"] {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8), let key = MasterKey(base64: text) else {
                throw ValidationError(
                    "The master key file \(path) must hold 32 bytes in base64 (make one: head -c32 /dev/urandom | base64).")
            }
            return key
        }
        if let text = environment["CAMPUSCARD_MASTER_KEY"] {
            guard let key = MasterKey(base64: text) else { throw ValidationError("CAMPUSCARD_MASTER_KEY must be 32 bytes in base64.") }
            return key
        }
        guard case .sqlite(let path) = location else {
            throw ValidationError(
                "Missing configuration: --master-key-file, CAMPUSCARD_MASTER_KEY_FILE or CAMPUSCARD_MASTER_KEY (required with PostgreSQL).")
        }
        let keyPath = path + ".key"
        if let text = try? String(contentsOfFile: keyPath, encoding: .utf8), let key = MasterKey(base64: text) {
            return key
        }
        guard !FileManager.default.fileExists(atPath: path) else {
            throw ValidationError(
                "\(path) exists but its key file \(keyPath) is missing or unreadable: restore it, or give --master-key-file.")
        }
        let (key, text) = MasterKey.generate()
        guard FileManager.default.createFile(atPath: keyPath, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw ValidationError("Cannot write the new master key to \(keyPath).")
        }
        return key
    }
}
