import CampusCardCore
import CampusCardServices
import CampusCardStore
import Vapor

/// What POS terminals call. Every request is signed by the terminal (`SignedTerminalRequest`).
struct TerminalRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let pos = routes.grouped("api", "v1", "pos")
        pos.post("spends", use: spend)
        pos.get("spends", ":transaction_id", use: status)
        pos.post("voids", use: void)
    }

    func spend(req: Request) async throws -> Response {
        try await SignedTerminalRequest.run(req) { signed in try await spend(req, signed: signed) }
    }

    private func spend(_ req: Request, signed: SignedTerminalRequest) async throws -> Response {
        let dto = try req.content.decode(SpendRequestDTO.self)
        let sale = PointOfSale.Sale(
            cardNumber: dto.card_number, paymentCode: dto.payment_code, amountFen: dto.amount_fen, transactionID: dto.transaction_id)
        do {
            let (card, receipt) = try await PointOfSale(req.services).charge(sale, terminal: signed.terminal, nonce: signed.nonce)
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

    /// What became of one of this terminal's transaction ids, for a terminal that lost the answer.
    func status(req: Request) async throws -> SpendStatusDTO {
        try await SignedTerminalRequest.run(req) { signed in try await status(req, signed: signed) }
    }

    private func status(_ req: Request, signed: SignedTerminalRequest) async throws -> SpendStatusDTO {
        let transactionID = req.parameters.get("transaction_id") ?? ""
        switch try await PointOfSale(req.services).status(of: transactionID, terminal: signed.terminal, nonce: signed.nonce) {
        case .charged(let receipt, let voided):
            return SpendStatusDTO(
                status: "charged", transaction_id: transactionID,
                spend: SpendReceiptDTO(
                    transaction_id: transactionID, transfer_id: receipt.transferID, card_number: nil,
                    merchant: signed.terminal.merchant.name,
                    amount_fen: receipt.amount.fen, balance_after_fen: receipt.purseBalanceAfter?.fen, at: receipt.at, replayed: true),
                voided: voided, refusal: nil)
        case .refused(let refusal):
            return SpendStatusDTO(status: "refused", transaction_id: transactionID, spend: nil, voided: nil, refusal: CardErrorDTO(refusal))
        case .unknown:
            throw CardError.unknownTransaction(transactionID)
        }
    }

    /// Takes back a charge this terminal made today.
    func void(req: Request) async throws -> SpendReceiptDTO {
        try await SignedTerminalRequest.run(req) { signed in try await void(req, signed: signed) }
    }

    private func void(_ req: Request, signed: SignedTerminalRequest) async throws -> SpendReceiptDTO {
        let dto = try req.content.decode(VoidRequestDTO.self)
        let receipt = try await PointOfSale(req.services).void(
            transactionID: dto.transaction_id, terminal: signed.terminal, nonce: signed.nonce)
        return SpendReceiptDTO(
            transaction_id: dto.transaction_id, transfer_id: receipt.transferID, card_number: nil, merchant: signed.terminal.merchant.name,
            amount_fen: receipt.amount.fen, balance_after_fen: receipt.purseBalanceAfter?.fen, at: receipt.at, replayed: receipt.isReplay)
    }
}
