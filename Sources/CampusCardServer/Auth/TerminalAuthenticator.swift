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

    init(_ request: Request) async throws {
        let headers = request.headers
        guard let code = headers.first(name: "X-Terminal-Id"), let timestamp = headers.first(name: "X-Timestamp"),
            let nonce = headers.first(name: "X-Nonce"), let signature = headers.first(name: "X-Signature")
        else { throw CardError.signatureInvalid }
        guard TerminalSigning.isFresh(timestamp: timestamp, now: request.now) else {
            throw CardError.requestStale(maxSkewSeconds: TerminalSigning.maxSkewSeconds)
        }
        guard TerminalSigning.isValidNonce(nonce) else { throw CardError.signatureInvalid }
        guard let terminal = try await request.application.terminalLookups.submit(code).get() else {
            throw CardError.unknownTerminal
        }
        let body = request.body.string ?? ""
        let text = TerminalSigning.canonicalText(
            method: request.method.rawValue, path: request.url.path, timestamp: timestamp, nonce: nonce, body: body)
        guard let mac = Data(base64Encoded: signature),
            HMAC<SHA256>.isValidAuthenticationCode(
                mac, authenticating: Data(text.utf8), using: SymmetricKey(data: Data(terminal.secret.utf8)))
        else { throw CardError.signatureInvalid }
        (self.terminal, self.nonce, self.body) = (terminal, nonce, body)
    }
}
