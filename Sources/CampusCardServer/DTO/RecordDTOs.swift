import CampusCardCore
import Vapor

struct RecordDTO: Content {
    var transfer_id: Int64
    var kind: String
    var kind_zh: String
    var amount_fen: Int64
    var balance_after_fen: Int64?
    var at: Date
    var memo: String
    /// The terminal's transaction id (a charge or its void), absent otherwise.
    var transaction_id: String?
    /// The top-up's order number (the top-up and its fee), absent otherwise.
    var order_no: String?

    init(_ record: PurseRecord) {
        transfer_id = record.transferID
        kind = record.kind.rawValue
        kind_zh = record.kind.chineseName
        amount_fen = record.amount.fen
        balance_after_fen = record.balanceAfter?.fen
        at = record.at
        memo = record.memo
        switch record.source {
        case .terminalTransaction(let id): transaction_id = id
        case .order(let number): order_no = number
        case nil: break
        }
    }
}

struct RecordPageDTO: Content {
    var records: [RecordDTO]
    /// Pass as `before` for the next (older) page; absent on the last page.
    var next_before: Int64?
}

struct MerchantDayDTO: Content {
    var merchant_code: String
    var merchant_name: String
    var spends: Int
    var voids: Int
    var net_fen: Int64
}

struct VoidRequestDTO: Content {
    var transaction_id: String
}
