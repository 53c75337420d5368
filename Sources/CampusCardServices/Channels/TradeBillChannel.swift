import CampusCardChannels
import CampusCardCore
import Foundation

/// A channel whose trade bill of a day can be downloaded the day after (T+1): Alipay and WeChat
/// Pay. (The bank's settlement files are another matter.)
protocol TradeBillChannel: PaymentChannel {
    /// `day`: the China day the bill covers.
    func tradeBill(of day: LocalDate, at: Date) async throws -> TradeBill
}

extension ServiceContext {
    func tradeBillChannel(for provider: PaymentProvider) throws -> any TradeBillChannel {
        guard let channel = try paymentChannel(for: provider) as? any TradeBillChannel else {
            throw CardError.invalidField("provider", zh: "对账单仅支持支付宝和微信支付", en: "bills are checked for Alipay and WeChat Pay only")
        }
        return channel
    }
}
