import CampusCardChannels
import Foundation

/// Where a sandbox keeps what a provider keeps: its keys, certificates and secrets (PEM and text
/// files, mode 600) and its trades (`trades.json`), so a restarted sandbox is the same provider and a paid
/// trade is still paid. Without a folder (tests) everything is made at start and held in memory.
struct SandboxStateFolder: Sendable {
    let directory: URL?

    init(_ directory: URL?) throws {
        self.directory = directory
        if let directory {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
    }

    /// The key kept as `name.pem`, made (and kept) if there is none.
    func key(_ name: String) throws -> RSASigningKey {
        guard let file = file("\(name).pem") else { return try .generate() }
        if let pem = try? String(contentsOf: file, encoding: .utf8) { return try RSASigningKey(pem: pem) }
        let key = try RSASigningKey.generate()
        try write(key.pemRepresentation, to: file)
        return key
    }

    /// The certificate kept as `name.crt.pem`, issued by `issue` (and kept) if there is none.
    func certificate(_ name: String, issue: () throws -> UnionPayCertificate) throws -> UnionPayCertificate {
        guard let file = file("\(name).crt.pem") else { return try issue() }
        if let pem = try? String(contentsOf: file, encoding: .utf8) { return try UnionPayCertificate(pem: pem) }
        let certificate = try issue()
        try write(certificate.pem, to: file)
        return certificate
    }

    /// The secret kept as `name`, made (and kept) if there is none.
    func secret(_ name: String, length: Int) throws -> String {
        guard let file = file(name) else { return RandomNonce.make(length: length) }
        if let text = try? String(contentsOf: file, encoding: .utf8) { return text }
        let secret = RandomNonce.make(length: length)
        try write(secret, to: file)
        return secret
    }

    /// A file of the folder, nil without one.
    func file(_ name: String) -> URL? {
        directory?.appendingPathComponent(name)
    }

    func write(_ text: String, to file: URL) throws {
        try Data(text.utf8).write(to: file, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
    }
}
