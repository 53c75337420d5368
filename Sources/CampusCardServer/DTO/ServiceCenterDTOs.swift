import CampusCardCore
import CampusCardStore
import Vapor

struct ReplacementDTO: Content {
    var new_card_number: String
}

/// `POST /api/v1/console/refunds`: a mistaken top-up refunded in cash at the counter.
struct RefundDTO: Content {
    var card_number: String
    var amount_fen: Int64
    var original_order: String
    var reason: String
    /// The clerk's screen makes one per refund; a double click repeats it.
    var request_id: String
}

struct PayoutDTO: Content {
    var card_number: String
    var amount_fen: Int64
    var request_id: String
}

struct CashReceiptDTO: Content {
    var transfer_id: Int64
    var card_number: String
    var amount_fen: Int64
    var balance_after_fen: Int64?
    var at: Date
    var replayed: Bool
    /// Refunds go out in cash here, never back through the channel (不支持原路退回).
    var paid_in: String = "cash at the service center"

    init(_ receipt: TransferReceipt, card: CardNumber) {
        transfer_id = receipt.transferID
        card_number = card.rawValue
        amount_fen = receipt.amount.fen
        balance_after_fen = receipt.purseBalanceAfter?.fen
        at = receipt.at
        replayed = receipt.isReplay
    }
}

struct CardDTO: Content {
    var card_number: String
    var status: String

    init(_ card: CardRecord) {
        (card_number, status) = (card.number.rawValue, card.status.rawValue)
    }
}

struct FreezingDTO: Content {
    var staff_number: String
    var name: String
    var leave_date: String
    var freeze_date: String
    var balance_fen: Int64
}

struct LeaveDateDTO: Content {
    var leave_date: String
}
