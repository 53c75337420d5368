import CampusCardCore
import Foundation
import Testing

@Suite struct TopUpQuoteTests {
    let settings = SchoolSettings.defaults

    @Test func presetsCarryTheFeeRoundedHalfUpToTheFen() throws {
        #expect(try TopUpQuote(kind: .quick, amount: .yuan(50), settings: settings).fee == Money(fen: 15))
        #expect(try TopUpQuote(kind: .quick, amount: .yuan(100), settings: settings).payable == Money(fen: 10_030))
        var odd = settings
        odd.quickTopUpPresets = [Money(fen: 4_950)]
        // ¥49.50 × 0.3% = ¥0.1485 → ¥0.15
        #expect(try TopUpQuote(kind: .quick, amount: Money(fen: 4_950), settings: odd).fee == Money(fen: 15))
        var schoolPays = settings
        schoolPays.feePayer = .school
        let quote = try TopUpQuote(kind: .quick, amount: .yuan(200), settings: schoolPays)
        #expect(quote.fee == .zero && quote.payable == .yuan(200))
    }

    @Test func customAmountsKeepToTheRangeAndTheMultiple() throws {
        #expect(try TopUpQuote(kind: .custom, amount: Money(fen: 1_234), settings: settings).fee == .zero)
        for fen: Int64 in [999, 50_001, 0] {
            #expect(throws: CardError.self) { try TopUpQuote(kind: .custom, amount: Money(fen: fen), settings: settings) }
        }
        #expect(throws: CardError.self) { try TopUpQuote(kind: .quick, amount: .yuan(60), settings: settings) }
        var tens = settings
        tens.customTopUpMultiple = .yuan(10)
        #expect(throws: CardError.self) { try TopUpQuote(kind: .custom, amount: .yuan(15), settings: tens) }
        #expect(try TopUpQuote(kind: .custom, amount: .yuan(30), settings: tens).amount == .yuan(30))
        var high = settings
        high.customTopUpMaximum = .yuan(800)
        #expect(throws: CardError.topUpSingleLimit(.yuan(500))) { try TopUpQuote(kind: .custom, amount: .yuan(600), settings: high) }
    }

    @Test func arrivalIsImmediateForPresetsAndLongerAtPeakHours() {
        let shanghai = TimeZone(identifier: "Asia/Shanghai")!
        let elevenAM = Date(timeIntervalSince1970: 1_790_000_000 - 11 * 3600 - 13 * 60 - 20)  // 11:00 in Shanghai
        let noon = elevenAM.addingTimeInterval(3600)
        #expect(TopUpQuote.arrivalMinutes(.quick, at: noon, timeZone: shanghai, settings: settings) == 0...0)
        #expect(TopUpQuote.arrivalMinutes(.custom, at: elevenAM, timeZone: shanghai, settings: settings) == 1...3)
        #expect(TopUpQuote.arrivalMinutes(.custom, at: noon, timeZone: shanghai, settings: settings) == 6...8)
    }
}
