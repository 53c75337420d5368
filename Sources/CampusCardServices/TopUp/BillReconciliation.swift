import CampusCardChannels
import CampusCardCore
import CampusCardStore
import Foundation

/// The T+1 bill check (SPEC: a paid top-up is never lost): a school day's trade bill downloaded
/// from Alipay or WeChat Pay and set against our top-up orders by order number. A payment we did
/// not credit is credited through the normal path (exactly once, whoever else credits it at the
/// same time); a credit the bill lacks, an amount that differs, and a channel fee other than the
/// school's contracted rate (`SchoolSettings.channelFeeBasisPoints`) are recorded for the card
/// office. Refunds in the bill are counted apart, never read as payments. The bill is read whole
/// before anything is written: a bill that is malformed or fails its hash changes nothing.
public struct BillReconciliation: Sendable {
    let context: ServiceContext

    /// How long a claimed check may run before another process takes it over.
    public static let lease: TimeInterval = 30 * 60
    /// The channels make the day's bill from 09:00 China time and advise fetching it after 10:00.
    public static let readyHour = 10
    public static let providers: [PaymentProvider] = [.alipay, .wechatPay]

    public init(_ context: ServiceContext) {
        self.context = context
    }

    /// An operator's run (console, CLI) for any past day, finished before or not: reruns are
    /// harmless. Throws `billCheckRunning` while another process works on it.
    public func run(school: SchoolRecord, provider: PaymentProvider, day: LocalDate) async throws -> BillCheck {
        let key = BillChecks.Key(schoolID: school.id, provider: provider, day: day)
        guard try await BillChecks(context.store).claim(key, at: context.now, lease: Self.lease, again: true) else {
            throw CardError.billCheckRunning(provider, day: day)
        }
        return try await reconcile(key, school: school)
    }

    /// The upkeep's pass: yesterday's bills of every school with each channel, each once in all
    /// processes (the claim), a failed one again after its wait.
    public func runDue() async throws {
        guard context.channels != nil else { return }
        // China keeps UTC+8 all year (see `ChinaTime`).
        var china = Calendar(identifier: .gregorian)
        china.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
        guard china.component(.hour, from: context.now) >= Self.readyHour else { return }
        for school in try await SchoolStore(context.store.sql).all() {
            let day = LocalDate(context.now, in: school.timeZone).addingDays(-1)
            for provider in Self.providers {
                let key = BillChecks.Key(schoolID: school.id, provider: provider, day: day)
                guard try await BillChecks(context.store).claim(key, at: context.now, lease: Self.lease) else { continue }
                do {
                    _ = try await reconcile(key, school: school)
                } catch let error as CardError where error.code == .billUnavailable {
                    context.logger.warning(
                        "bill check failed; trying again later",
                        metadata: [
                            "school": "\(school.code.rawValue)", "provider": "\(provider.rawValue)", "day": "\(day)", "reason": "\(error)",
                        ])
                }
            }
        }
    }

    private func reconcile(_ key: BillChecks.Key, school: SchoolRecord) async throws -> BillCheck {
        let checks = BillChecks(context.store)
        let bill: TradeBill
        do {
            bill = try await context.tradeBillChannel(for: key.provider).tradeBill(of: key.day, at: context.now)
        } catch let error where !StoreDatabase.isUnavailable(error) {
            try await checks.fail(key, error: "\(error)", at: context.now)
            throw CardError.billUnavailable(key.provider, day: key.day, reason: "\(error)")
        }
        var check = BillCheck(
            day: key.day, provider: key.provider, state: .done, payments: bill.payments.count,
            paymentsTotal: Money(fen: bill.payments.reduce(0) { $0 + $1.amountFen }), refunds: bill.refunds.count,
            refundsTotal: Money(fen: bill.refunds.reduce(0) { $0 + $1.amountFen }),
            fees: Money(fen: bill.payments.reduce(0) { $0 + $1.feeFen } - bill.refunds.reduce(0) { $0 + $1.feeFen }))
        let orders = TopUpOrders(context.store)
        var paid = Set<String>()
        for line in bill.payments {
            paid.insert(line.orderNo)
            let order = try await orders.order(number: line.orderNo)
            if let order, order.schoolID != school.id || order.provider != key.provider { continue }
            check.differences += try await differences(line, of: key.provider, order: order, settings: school.settings)
        }
        for order in try await orders.orders(schoolID: school.id, provider: key.provider, day: key.day)
        where (order.status == .credited || order.status == .paid) && !paid.contains(order.orderNo) {
            check.differences.append(
                .init(kind: .creditedNotPaid, orderNo: order.orderNo, ours: order.payable, channel: nil, action: .reported))
        }
        try await checks.finish(key, check, at: context.now)
        return try await checks.check(key) ?? check
    }

    /// One paid line against our order (nil: a number we never issued).
    private func differences(_ line: TradeBill.Line, of provider: PaymentProvider, order: TopUpOrder?, settings: SchoolSettings)
        async throws
        -> [BillCheck.Difference]
    {
        let channel = Money(fen: line.amountFen)
        guard let order else {
            return [.init(kind: .paidNotCredited, orderNo: line.orderNo, ours: nil, channel: channel, action: .reported)]
        }
        guard order.payable == channel else {
            return [.init(kind: .amountMismatch, orderNo: order.orderNo, ours: order.payable, channel: channel, action: .reported)]
        }
        var found: [BillCheck.Difference] = []
        if TopUpOrderStatus.creditable.contains(order.status) {
            found.append(
                .init(
                    kind: .paidNotCredited, orderNo: order.orderNo, ours: order.payable, channel: channel,
                    action: try await credit(line, of: provider)))
        }
        let expectedFee = order.payable.share(basisPoints: settings.channelFeeBasisPoints)
        if expectedFee.fen != line.feeFen {
            found.append(
                .init(kind: .feeMismatch, orderNo: order.orderNo, ours: expectedFee, channel: Money(fen: line.feeFen), action: .reported))
        }
        return found
    }

    /// Credits a paid line as a notification would: exactly once, however many credit it at once.
    private func credit(_ line: TradeBill.Line, of provider: PaymentProvider) async throws -> BillCheck.Difference.Action {
        let notice = PaymentNotice(
            provider: provider, orderNo: line.orderNo,
            channelTradeNo: line.channelTradeNo.isEmpty ? nil : line.channelTradeNo, paidTotal: Money(fen: line.amountFen))
        do {
            switch try await TopUpCrediting(context.store, batcher: context.creditBatcher).credit(
                notice, at: context.now, logging: "by bill")
            {
            case .credited, .heldForServiceCenter: return .credited
            case .alreadyCredited: return .alreadyCredited
            }
        } catch is PaymentNoticeRefusal {
            return .reported
        }
    }
}
