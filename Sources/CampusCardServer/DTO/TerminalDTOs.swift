import CampusCardCore
import Vapor

/// `POST /api/v1/pos/spends`: amounts are whole fen; the card is named by its number or by the
/// phone's payment code, one of the two.
struct SpendRequestDTO: Content {
    var card_number: String?
    var payment_code: String?
    var amount_fen: Int64
    var transaction_id: String
}

struct SpendReceiptDTO: Content {
    var transaction_id: String
    var transfer_id: Int64
    /// Absent on a void, which names the charge, not the card.
    var card_number: String?
    var merchant: String
    var amount_fen: Int64
    var balance_after_fen: Int64?
    var at: Date
    /// True when this answers a retry of a charge already made.
    var replayed: Bool
}

/// `GET /api/v1/pos/spends/{transaction_id}`: what became of a transaction id.
struct SpendStatusDTO: Content {
    /// `charged` (`spend` is the first answer) or `refused` (`refusal` is the first answer).
    var status: String
    var transaction_id: String
    var spend: SpendReceiptDTO?
    /// True when the charge was voided since.
    var voided: Bool?
    var refusal: CardErrorDTO?
}
