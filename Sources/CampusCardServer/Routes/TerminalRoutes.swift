import CampusCardCore
import CampusCardStore
import Vapor

/// What POS terminals call. Every request is signed by the terminal (`SignedTerminalRequest`).
struct TerminalRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let pos = routes.grouped("api", "v1", "pos")
        pos.post("spends", use: spend)
        pos.post("voids", use: void)
    }

    func spend(req: Request) async throws -> Response {
        try await SignedTerminalRequest.run(req) { signed in try await spend(req, signed: signed) }
    }

    private func spend(_ req: Request, signed: SignedTerminalRequest) async throws -> Response {
        let dto = try req.content.decode(SpendRequestDTO.self)
        guard dto.amount_fen > 0 else { throw CardError.invalidAmount(Money(fen: dto.amount_fen).yuanString) }
        let card: CardNumber
        switch (dto.card_number, dto.payment_code) {
        case (let number?, nil):
            guard let parsed = CardNumber(rawValue: number) else { throw CardError.unknownCard }
            card = parsed
        case (nil, let code?):
            guard code.count == 18, code.allSatisfy(\.isASCII), code.allSatisfy(\.isNumber) else { throw CardError.paymentCodeInvalid }
            card = try await PaymentCodes(req.store).redeem(code, terminal: signed.terminal, transactionID: dto.transaction_id, at: req.now)
        default:
            throw CardError.invalidField("card_number", zh: "请提供卡号或付款码之一", en: "give the card number or the payment code, one of them")
        }
        let request = TerminalSpendRequest(
            terminal: signed.terminal, nonce: signed.nonce, card: card, amount: Money(fen: dto.amount_fen),
            transactionID: dto.transaction_id)
        do {
            let receipt = try await TerminalSpend(req.store, batcher: req.application.spendBatcher).charge(request, at: req.now)
            req.application.metrics.spends(result: receipt.isReplay ? "replayed" : "charged").increment()
            let body = SpendReceiptDTO(
                transaction_id: dto.transaction_id, transfer_id: receipt.transferID, card_number: card.rawValue,
                merchant: signed.terminal.merchant.name,
                amount_fen: receipt.amount.fen, balance_after_fen: receipt.purseBalanceAfter?.fen, at: receipt.at,
                replayed: receipt.isReplay)
            return try await body.encodeResponse(status: receipt.isReplay ? .ok : .created, for: req)
        } catch let error as CardError {
            // A changed terminal is handled again (`SignedTerminalRequest.run`), which counts it.
            if error.code != .terminalChanged { req.application.metrics.spends(result: error.code.rawValue).increment() }
            throw error
        }
    }

    /// Takes back a charge this terminal made today.
    func void(req: Request) async throws -> SpendReceiptDTO {
        try await SignedTerminalRequest.run(req) { signed in try await void(req, signed: signed) }
    }

    private func void(_ req: Request, signed: SignedTerminalRequest) async throws -> SpendReceiptDTO {
        let dto = try req.content.decode(VoidRequestDTO.self)
        guard let school = try await SchoolStore(req.store.sql).find(id: signed.terminal.schoolID) else { throw CardError.unknownTerminal }
        let receipt = try await TerminalVoid(req.store).void(
            terminal: signed.terminal, nonce: signed.nonce, transactionID: dto.transaction_id, timeZone: school.timeZone, at: req.now)
        return SpendReceiptDTO(
            transaction_id: dto.transaction_id, transfer_id: receipt.transferID, card_number: nil, merchant: signed.terminal.merchant.name,
            amount_fen: receipt.amount.fen, balance_after_fen: receipt.purseBalanceAfter?.fen, at: receipt.at, replayed: receipt.isReplay)
    }
}
