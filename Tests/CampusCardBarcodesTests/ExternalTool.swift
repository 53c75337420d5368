import Foundation
import Testing

/// A command-line tool the decoding tests shell out to, with the Debian package that provides it.
struct ExternalTool: Sendable {
    static let rsvgConvert = ExternalTool(name: "rsvg-convert", debianPackage: "librsvg2-bin")
    static let zbarimg = ExternalTool(name: "zbarimg", debianPackage: "zbar-tools")

    let name: String
    let debianPackage: String

    /// Finds the tool on PATH; a missing tool is a test failure, never a silent skip.
    func locate() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let found = path.split(separator: ":").lazy
            .map { URL(fileURLWithPath: String($0)).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
        return try #require(found, "\(name) not found on PATH; install it with: apt-get install -y \(debianPackage)")
    }

    /// Runs the tool and returns its exit status and stdout; stderr is kept for failure messages.
    func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = try locate()
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Drain the pipes before waiting so a chatty tool cannot block on a full pipe buffer.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}
