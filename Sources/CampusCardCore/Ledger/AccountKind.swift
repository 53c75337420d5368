import Foundation

/// What an account in the ledger stands for. Every movement of money is between two of them.
public enum AccountKind: String, Codable, Sendable, CaseIterable {
    /// A cardholder's purse: never below zero.
    case purse
    /// What a payment channel (Alipay, WeChat Pay, a bank) collected for us: goes negative as
    /// cardholders top up, back toward zero as the channel settles.
    case channelClearing = "channel_clearing"
    /// What we owe a canteen or shop for what was spent at its terminals.
    case merchant
    /// Top-up fees earned.
    case feeIncome = "fee_income"
    /// Cash paid out at the service center (refunds of mistaken top-ups, graduates' balances).
    case serviceCenterCash = "service_center_cash"

    /// Accounts that thousands of payments touch at once (the canteen at noon, a channel's
    /// clearing account) keep no running balance row that every payment must lock: their
    /// balance is a rolled-up total plus the entries not yet rolled up.
    public var isHot: Bool { self != .purse }

    /// Only purses hold cardholders' money and so may never go below zero.
    public var mayGoNegative: Bool { self != .purse }
}
