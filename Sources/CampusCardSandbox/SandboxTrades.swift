import CampusCardChannels
import CampusCardCore
import Foundation

/// The trades the sandbox's providers hold: created by the merchant's request (Alipay's
/// `alipay.trade.create`, WeChat's JSAPI prepay, UnionPay's front or token consume and refund),
/// paid on the cashier (or at once, a token debit), closed on request.
actor SandboxTrades {
    enum State: String, Sendable, Codable {
        case waiting, paid, closed
    }

    struct Trade: Sendable, Codable {
        var provider: PaymentProvider
        var outTradeNo: String
        var tradeNo: String
        var totalFen: Int64
        /// Alipay's buyer_id or WeChat's openid.
        var payer: String
        var notifyURL: String
        var quick: Bool
        var state: State
        var paidAt: Date?
        /// UnionPay's code for a settled bank trade: 00, or why the bank refused the card.
        var bankCode: String?
        /// UnionPay: the request's `txnTime` (a query must name it) and `bizType`.
        var txnTime: String?
        var bizType: String?
        /// UnionPay: queries still to answer "processing" (05) before the trade is paid.
        var pendingQueries: Int?
        /// What its line in the day's bill says instead of the truth, and a refund it lists after
        /// the payment, as tests set them to make a bill with differences.
        var billTotalFen: Int64?
        var billFeeFen: Int64?
        var refundedFen: Int64?

        var alipayStatus: AlipayTradeStatus {
            switch state {
            case .waiting: .waitBuyerPay
            case .paid: .tradeSuccess
            case .closed: .tradeClosed
            }
        }

        var weChatState: WeChatPayTradeState {
            switch state {
            case .waiting: .notPay
            case .paid: .success
            case .closed: .closed
            }
        }
    }

    private var trades: [String: Trade] = [:] {
        didSet { save() }
    }
    /// Where they are kept across restarts (`trades.json` of the sandbox's folder); nil: memory only.
    private let file: URL?

    init(file: URL?) throws {
        self.file = file
        if let file, let data = try? Data(contentsOf: file) { trades = try JSONDecoder().decode([String: Trade].self, from: data) }
    }

    /// Written whole after each change: a sandbox's trades are few, and a crash loses no paid one.
    private func save() {
        guard let file, let data = try? JSONEncoder().encode(trades) else { return }
        try? data.write(to: file, options: .atomic)
    }

    /// A new trade, or the one already created for this out_trade_no (a repeated create answers
    /// with the same trade; another amount is refused).
    func create(
        _ provider: PaymentProvider, outTradeNo: String, totalFen: Int64, payer: String, notifyURL: String, quick: Bool,
        txnTime: String? = nil, bizType: String? = nil
    ) -> Trade? {
        if let existing = trades[outTradeNo] { return existing.totalFen == totalFen && existing.provider == provider ? existing : nil }
        let prefix = provider == .alipay ? "2026" : "4200"
        let trade = Trade(
            provider: provider, outTradeNo: outTradeNo, tradeNo: prefix + RandomNonce.make(length: 24), totalFen: totalFen, payer: payer,
            notifyURL: notifyURL, quick: quick, state: .waiting, txnTime: txnTime, bizType: bizType)
        trades[outTradeNo] = trade
        return trade
    }

    func trade(_ outTradeNo: String, of provider: PaymentProvider) -> Trade? {
        trades[outTradeNo].flatMap { $0.provider == provider ? $0 : nil }
    }

    /// The buyer pays: only a trade waiting for payment can be.
    func pay(_ outTradeNo: String, of provider: PaymentProvider, at: Date) -> Trade? {
        guard var trade = trades[outTradeNo], trade.provider == provider, trade.state == .waiting else { return nil }
        trade.state = .paid
        trade.paidAt = at
        trades[outTradeNo] = trade
        return trade
    }

    /// A bank card payment: paid (`bankCode` 00), or refused by the bank (the trade is over either way).
    func settle(_ outTradeNo: String, of provider: PaymentProvider, bankCode: String, at: Date) -> Trade? {
        guard var trade = trades[outTradeNo], trade.provider == provider, trade.state == .waiting else { return nil }
        let paid = bankCode == UnionPayResponseCode.success
        trade.state = paid ? .paid : .closed
        trade.bankCode = bankCode
        trade.paidAt = paid ? at : nil
        trades[outTradeNo] = trade
        return trade
    }

    /// A bank trade that answers "processing" to the next `count` queries first.
    func holdForQueries(_ outTradeNo: String, count: Int) {
        trades[outTradeNo]?.pendingQueries = count
    }

    /// One query of a held trade answered: how many more are to be answered "processing".
    func answeredQuery(_ outTradeNo: String) -> Int? {
        guard let pending = trades[outTradeNo]?.pendingQueries else { return nil }
        trades[outTradeNo]?.pendingQueries = max(0, pending - 1)
        return pending
    }

    /// Refunds `fen` of the paid bank trade UnionPay numbered `tradeNo` as the trade `refundNo`:
    /// UnionPay's code, 00 when taken (a repeated refund answers as the first).
    func refund(
        _ refundNo: String, of tradeNo: String, fen: Int64, txnTime: String?, notifyURL: String, at: Date
    ) -> String {
        if let existing = trades[refundNo] { return existing.totalFen == fen ? UnionPayResponseCode.success : "12" }
        guard let debit = trades.values.first(where: { $0.tradeNo == tradeNo && $0.provider == .unionPay }), debit.state == .paid else {
            return "35"
        }
        guard fen > 0, (debit.refundedFen ?? 0) + fen <= debit.totalFen else { return "36" }
        trades[debit.outTradeNo]?.refundedFen = (debit.refundedFen ?? 0) + fen
        trades[refundNo] = Trade(
            provider: .unionPay, outTradeNo: refundNo, tradeNo: "4200" + RandomNonce.make(length: 24), totalFen: fen, payer: "",
            notifyURL: notifyURL, quick: false, state: .paid, paidAt: at, bankCode: UnionPayResponseCode.success, txnTime: txnTime,
            bizType: debit.bizType)
        return UnionPayResponseCode.success
    }

    /// Closes an unpaid trade; a paid one cannot be. An unknown trade has nothing to close.
    func close(_ outTradeNo: String, of provider: PaymentProvider) -> Bool {
        guard var trade = trades[outTradeNo], trade.provider == provider else { return true }
        guard trade.state != .paid else { return false }
        trade.state = .closed
        trades[outTradeNo] = trade
        return true
    }

    /// The lines of `provider`'s bill of `day` (China time): each trade paid that day, with the
    /// channel's fee at `feeBasisPoints` of it, and the refunds of those.
    func billLines(_ provider: PaymentProvider, day: String, feeBasisPoints: Int64) -> [TradeBill.Line] {
        let china = TimeZone(secondsFromGMT: 8 * 3600)!
        let paid = trades.values.filter { trade in
            trade.provider == provider && trade.state == .paid && trade.paidAt.map { LocalDate($0, in: china).description == day } == true
        }
        return paid.sorted { ($0.paidAt ?? .distantPast, $0.outTradeNo) < ($1.paidAt ?? .distantPast, $1.outTradeNo) }.flatMap { trade in
            let total = trade.billTotalFen ?? trade.totalFen
            let fee = trade.billFeeFen ?? Money(fen: total).share(basisPoints: feeBasisPoints).fen
            var lines = [
                TradeBill.Line(kind: .payment, orderNo: trade.outTradeNo, channelTradeNo: trade.tradeNo, amountFen: total, feeFen: fee)
            ]
            if let refunded = trade.refundedFen {
                lines.append(
                    .init(
                        kind: .refund, orderNo: trade.outTradeNo, channelTradeNo: trade.tradeNo, amountFen: refunded,
                        feeFen: Money(fen: refunded).share(basisPoints: feeBasisPoints).fen))
            }
            return lines
        }
    }

    /// Makes the bill say something else of a trade (see `billTotalFen`).
    func alterBill(_ outTradeNo: String, totalFen: Int64?, feeFen: Int64?, refundedFen: Int64?) {
        guard var trade = trades[outTradeNo] else { return }
        trade.billTotalFen = totalFen ?? trade.billTotalFen
        trade.billFeeFen = feeFen ?? trade.billFeeFen
        trade.refundedFen = refundedFen ?? trade.refundedFen
        trades[outTradeNo] = trade
    }
}
