import CampusCardCore
import CampusCardStore
import Foundation

/// What a canteen's POS terminal does, once the server has checked who signed the request: charge
/// a card (by its number or a payment code), or take back one of its own charges of today.
public struct PointOfSale: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    /// The charge as the terminal asked for it, checked here.
    public struct Sale: Sendable {
        public var cardNumber: String?
        public var paymentCode: String?
        public var amountFen: Int64
        public var transactionID: String

        public init(cardNumber: String?, paymentCode: String?, amountFen: Int64, transactionID: String) {
            (self.cardNumber, self.paymentCode, self.amountFen, self.transactionID) = (cardNumber, paymentCode, amountFen, transactionID)
        }
    }

    /// Charges the card; a retry of the same transaction id is answered as the first was.
    public func charge(_ sale: Sale, terminal: TerminalRecord, nonce: String) async throws -> (card: CardNumber, receipt: TransferReceipt) {
        guard sale.amountFen > 0 else { throw CardError.invalidAmount(Money(fen: sale.amountFen).yuanString) }
        let card: CardNumber
        switch (sale.cardNumber, sale.paymentCode) {
        case (let number?, nil):
            guard let parsed = CardNumber(rawValue: number) else { throw CardError.unknownCard }
            card = parsed
        case (nil, let code?):
            guard code.count == 18, code.allSatisfy(\.isASCII), code.allSatisfy(\.isNumber) else { throw CardError.paymentCodeInvalid }
            card = try await PaymentCodes(context.store).redeem(
                code, terminal: terminal, transactionID: sale.transactionID, at: context.now)
        default:
            throw CardError.invalidField("card_number", zh: "请提供卡号或付款码之一", en: "give the card number or the payment code, one of them")
        }
        let request = TerminalSpendRequest(
            terminal: terminal, nonce: nonce, card: card, amount: Money(fen: sale.amountFen), transactionID: sale.transactionID)
        return (card, try await TerminalSpend(context.store, batcher: context.spendBatcher).charge(request, at: context.now))
    }

    /// What became of one of this terminal's transaction ids.
    public func status(of transactionID: String, terminal: TerminalRecord, nonce: String) async throws -> TerminalSpendStatus {
        try await TerminalSpend(context.store).status(of: transactionID, terminal: terminal, nonce: nonce, at: context.now)
    }

    /// Takes back a charge this terminal made today (its school's day).
    public func void(transactionID: String, terminal: TerminalRecord, nonce: String) async throws -> TransferReceipt {
        guard let school = try await SchoolStore(context.store.sql).find(id: terminal.schoolID) else { throw CardError.unknownTerminal }
        return try await TerminalVoid(context.store).void(
            terminal: terminal, nonce: nonce, transactionID: transactionID, timeZone: school.timeZone, at: context.now)
    }
}
