import CampusCardCore
import CampusCardStore
import Crypto
import Vapor

/// A POS request proves which terminal sent it: `X-Terminal-Id`, `X-Timestamp` (unix seconds),
/// `X-Nonce` and `X-Signature` = base64 HMAC-SHA256 of `TerminalSigning.canonicalText` under the
/// terminal's secret. Stale timestamps are refused here; replayed nonces in the transaction.
struct SignedTerminalRequest {
    var terminal: TerminalRecord
    var nonce: String
    var body: String

    /// Handles a POS request as signed by its terminal, as the server keeps it; if the write finds
    /// the terminal changed since (disabled, re-keyed), nothing was written, and the request is
    /// authenticated and handled once more with the terminal read afresh.
    static func run<Answer>(_ request: Request, _ handle: (SignedTerminalRequest) async throws -> Answer) async throws -> Answer {
        do {
            return try await handle(SignedTerminalRequest(request, fresh: false))
        } catch let error as CardError where error.code == .terminalChanged {
            return try await handle(SignedTerminalRequest(request, fresh: true))
        }
    }

    private init(_ request: Request, fresh: Bool) async throws {
        let headers = request.headers
        guard let code = headers.first(name: "X-Terminal-Id"), let timestamp = headers.first(name: "X-Timestamp"),
            let nonce = headers.first(name: "X-Nonce"), let signature = headers.first(name: "X-Signature")
        else { throw CardError.signatureInvalid }
        guard TerminalSigning.isFresh(timestamp: timestamp, now: request.now) else {
            throw CardError.requestStale(maxSkewSeconds: TerminalSigning.maxSkewSeconds)
        }
        guard TerminalSigning.isValidNonce(nonce), let mac = Data(base64Encoded: signature) else { throw CardError.signatureInvalid }
        let body = request.body.string ?? ""
        let text = Data(
            TerminalSigning.canonicalText(
                method: request.method.rawValue, path: request.url.path, timestamp: timestamp, nonce: nonce, body: body
            ).utf8)
        let keyring = request.application.terminalKeyring
        guard var terminal = try await keyring.terminal(code: code, fresh: fresh) else { throw CardError.unknownTerminal }
        if !Self.isSigned(text, mac: mac, by: terminal) && !fresh {
            // The terminal may have been re-keyed since the server kept it.
            guard let current = try await keyring.terminal(code: code, fresh: true) else { throw CardError.unknownTerminal }
            terminal = current
        }
        guard Self.isSigned(text, mac: mac, by: terminal) else { throw CardError.signatureInvalid }
        (self.terminal, self.nonce, self.body) = (terminal, nonce, body)
    }

    private static func isSigned(_ text: Data, mac: Data, by terminal: TerminalRecord) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: text, using: SymmetricKey(data: Data(terminal.secret.utf8)))
    }
}
