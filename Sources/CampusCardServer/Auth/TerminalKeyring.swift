import CampusCardStore
import Synchronization

/// The terminals this process has found, by code, so that a POS request is not held up looking
/// its terminal up before its charge (at the noon rush that lookup cost as much as the charge).
/// Nothing trusts a kept terminal: every write made for a terminal checks inside its own
/// transaction that the terminal is still as kept (`TerminalRecord.confirm`), a signature that
/// fails against a kept key is checked again against the database's, and a request whose terminal
/// changed is authenticated again from the database (`SignedTerminalRequest.run`). Another process
/// disabling or re-keying a terminal is therefore seen by the next write, as without the keyring.
final class TerminalKeyring: Sendable {
    /// Far more terminals than a deployment has; past it the keyring starts over.
    static let capacity = 20_000

    private let lookups: TerminalLookups
    private let kept = Mutex<[String: TerminalRecord]>([:])

    init(_ lookups: TerminalLookups) {
        self.lookups = lookups
    }

    /// The active terminal with this code: as kept, unless `fresh`, or else from the database.
    func terminal(code: String, fresh: Bool) async throws -> TerminalRecord? {
        if !fresh, let terminal = kept.withLock({ $0[code] }) { return terminal }
        let found = try await lookups.submit(code).get()
        kept.withLock { kept in
            if kept.count >= Self.capacity { kept.removeAll(keepingCapacity: true) }
            kept[code] = found
        }
        return found
    }
}
