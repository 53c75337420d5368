import CampusCardCore
import Foundation

/// Terminal charges written together (see `Batcher`); nil for a charge left to the steps.
public typealias SpendBatcher = Batcher<TerminalSpend.Item, TransferReceipt?>

extension Batcher where Item == TerminalSpend.Item, Answer == TransferReceipt? {
    /// `maxInFlight` batches are written at once: a few on PostgreSQL (SQLite's writer writes one at a time).
    public init(_ db: StoreDatabase, maxInFlight: Int) {
        self.init(maxInFlight: maxInFlight) { await TerminalSpend(db).chargeBatch($0) }
    }

    /// SQLite's: one batch at a time, on the writer's own connection and loop.
    public init(_ writer: SQLiteWriter) {
        self.init(maxInFlight: 1) { items in await writer.run { await TerminalSpend(writer.database).chargeBatch(items) } }
    }
}
