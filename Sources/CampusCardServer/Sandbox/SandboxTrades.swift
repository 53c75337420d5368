import CampusCardChannels
import Foundation

/// The trades the sandbox's Alipay holds: created by `alipay.trade.create`, paid on the cashier,
/// closed by `alipay.trade.close`.
actor SandboxTrades {
    struct Trade: Sendable {
        var outTradeNo: String
        var tradeNo: String
        var totalFen: Int64
        var buyerID: String
        var notifyURL: String
        var quick: Bool
        var status: AlipayTradeStatus
        var paidAt: Date?
    }

    private var trades: [String: Trade] = [:]

    /// A new trade, or the one already created for this out_trade_no (Alipay answers a repeated
    /// create with the same trade).
    func create(outTradeNo: String, totalFen: Int64, buyerID: String, notifyURL: String, quick: Bool) -> Trade? {
        if let existing = trades[outTradeNo] { return existing.totalFen == totalFen ? existing : nil }
        let trade = Trade(
            outTradeNo: outTradeNo, tradeNo: "2026" + RandomNonce.make(length: 24), totalFen: totalFen, buyerID: buyerID,
            notifyURL: notifyURL,
            quick: quick, status: .waitBuyerPay)
        trades[outTradeNo] = trade
        return trade
    }

    func trade(_ outTradeNo: String) -> Trade? { trades[outTradeNo] }

    /// The buyer pays: only a trade waiting for payment can be.
    func pay(_ outTradeNo: String, at: Date) -> Trade? {
        guard var trade = trades[outTradeNo], trade.status == .waitBuyerPay else { return nil }
        trade.status = .tradeSuccess
        trade.paidAt = at
        trades[outTradeNo] = trade
        return trade
    }

    /// Closes an unpaid trade; a paid one cannot be.
    func close(_ outTradeNo: String) -> Bool {
        guard var trade = trades[outTradeNo] else { return true }
        guard trade.status == .waitBuyerPay || trade.status == .tradeClosed else { return false }
        trade.status = .tradeClosed
        trades[outTradeNo] = trade
        return true
    }
}
