import Foundation

/// A one-line progress bar on a terminal; silent when the output is a file or a pipe.
final class ProgressBar: Sendable {
    private let label: String
    private let isTerminal = isatty(STDERR_FILENO) == 1

    init(label: String) {
        self.label = label
    }

    @Sendable func update(done: Int, total: Int) {
        guard isTerminal, total > 0 else { return }
        let width = 30
        let filled = done * width / total
        let line = "\r\(label) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(done)/\(total)"
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard isTerminal else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
