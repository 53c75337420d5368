import Foundation
import Testing

/// Runs the Python peers in `Peers/`: the real python-alipay-sdk, wechatpayv3, PyJWT and
/// tencentcloud-sdk-python on the other end.
enum Peer {
    static let installHint = "pip install python-alipay-sdk wechatpayv3 cryptography pyjwt tencentcloud-sdk-python-common"

    /// Peer tests are skipped, not failed, only when the environment asks for it.
    static let skipRequested =
        ProcessInfo.processInfo.environment["CAMPUSCARD_SKIP_PEER_TESTS"] == "1"

    private static let scripts = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Peers")

    /// Checked once per run: a missing module fails every peer test with the install command.
    private static let modulesImportable: Result<Void, PeerError> = Result {
        _ = try run(arguments: ["-c", "import alipay, wechatpayv3, cryptography, jwt, tencentcloud.common"], input: Data())
    }.mapError { _ in
        PeerError(
            "python3 cannot import alipay, wechatpayv3, cryptography, jwt and tencentcloud.common: run `\(installHint)`"
                + " (or set CAMPUSCARD_SKIP_PEER_TESTS=1 to skip the interoperability tests)")
    }

    /// One JSON request in, one JSON answer out.
    static func call(_ script: String, _ command: String, _ request: [String: Any]) throws
        -> [String: Any]
    {
        try modulesImportable.get()
        let input = try JSONSerialization.data(withJSONObject: request)
        let output = try run(
            arguments: [scripts.appendingPathComponent(script).path, command], input: input)
        guard let answer = try JSONSerialization.jsonObject(with: output) as? [String: Any] else {
            throw PeerError("\(script) \(command) answered no JSON object")
        }
        return answer
    }

    /// Fresh key pairs from `cryptography`, in PKCS#1, PKCS#8, SPKI PEM and bare base64 forms.
    static func keyPairs(_ count: Int, bits: Int = 2048) throws -> [KeyPair] {
        try modulesImportable.get()
        let output = try run(
            arguments: [
                scripts.appendingPathComponent("keys.py").path, String(count), String(bits),
            ], input: Data())
        return try JSONDecoder().decode([KeyPair].self, from: output)
    }

    struct KeyPair: Decodable {
        let pkcs1_pem: String
        let pkcs8_pem: String
        let public_pem: String
        let public_base64: String
    }

    private static func run(arguments: [String], input: Data) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PeerError(
                "python3 \(arguments.joined(separator: " ")) failed: \(String(decoding: errors, as: UTF8.self))"
            )
        }
        return output
    }
}

struct PeerError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
