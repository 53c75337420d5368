import CampusCardChannels
import Testing

struct YuanAmountTests {
    @Test(arguments: [
        ("0", Int64(0)), ("0.01", 1), ("0.1", 10), ("12", 1200), ("12.3", 1230), ("12.30", 1230),
        ("12.05", 1205), ("100000000.00", 10_000_000_000),
        ("999999999999999.99", 99_999_999_999_999_999),
    ])
    func plainDecimalsBecomeExactFen(text: String, fen: Int64) throws {
        #expect(try YuanAmount.fen(fromYuan: text) == fen)
    }

    @Test(arguments: [
        "", "12.305", "-1", "+1", "1e3", "1E3", "12.", ".5", " 12", "12 ", "1,000", "012", "00.01",
        "NaN", "inf", "0x10", "１２", "12.3.4", "1000000000000000", "12..3",
    ])
    func anythingElseIsRefused(text: String) {
        #expect(throws: ChannelError.malformedAmount(text)) { try YuanAmount.fen(fromYuan: text) }
    }

    @Test(arguments: [
        (Int64(0), "0.00"), (1, "0.01"), (10, "0.10"), (1230, "12.30"), (100_000, "1000.00"),
    ])
    func fenFormatWithTwoPlaces(fen: Int64, text: String) throws {
        #expect(YuanAmount.yuan(fromFen: fen) == text)
        #expect(try YuanAmount.fen(fromYuan: text) == fen)
    }
}
