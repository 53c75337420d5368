import CampusCardCore
import PropertyBased
import Testing

@Suite struct MoneyTests {
    @Test(
        arguments: [
            ("12", 1200), ("12.3", 1230), ("12.30", 1230), ("0.05", 5), ("0", 0), ("500.01", 50001), ("0.5", 50),
        ] as [(String, Int64)])
    func parsesExactYuan(text: String, fen: Int64) {
        #expect(Money(yuanString: text) == Money(fen: fen))
    }

    @Test(arguments: [
        "12.305", "-1", "+1", "1e3", "NaN", "", " 1", "1 ", "１２", "012", "12.", ".5", "1,000", "0x10", "12.3.4", "999999999999999999",
    ])
    func refusesAnythingElse(text: String) {
        #expect(Money(yuanString: text) == nil)
    }

    @Test func formatsLikeAReceipt() {
        #expect(Money(fen: 1230).formatted == "¥12.30")
        #expect(Money(fen: 5).formatted == "¥0.05")
        #expect(Money(fen: -5).formatted == "-¥0.05")
        #expect(Money(fen: 100_000).yuanString == "1000.00")
    }

    @Test func formattingRoundTripsThroughParsing() async {
        await propertyCheck(input: Gen.int64(in: 0...99_999_999_999)) { fen in
            #expect(Money(yuanString: Money(fen: fen).yuanString) == Money(fen: fen))
        }
    }

    @Test(
        arguments: [
            (5000, 30, 15), (10000, 30, 30), (20000, 30, 60), (1234, 30, 4), (1250, 40, 5), (1249, 40, 5), (1, 30, 0), (166, 30, 0),
            (167, 30, 1),
        ] as [(Int64, Int64, Int64)])
    func feeSharesRoundHalfUp(amount: Int64, basisPoints: Int64, fee: Int64) {
        #expect(Money(fen: amount).share(basisPoints: basisPoints) == Money(fen: fee))
    }
}
