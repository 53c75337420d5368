import Foundation
import Testing

@testable import CampusCardChannels

struct WeChatPayTradeBillTests {
    let lines = [
        TradeBill.Line(kind: .payment, orderNo: "CC1", channelTradeNo: "4200000001", amountFen: 10_030, feeFen: 60),
        TradeBill.Line(kind: .refund, orderNo: "CC1", channelTradeNo: "4200000001", amountFen: 3_000, feeFen: 18),
        TradeBill.Line(kind: .payment, orderNo: "CC2", channelTradeNo: "4200000002", amountFen: 4_000, feeFen: 24),
    ]

    var file: Data { WeChatPayTradeBill.file(lines, billDate: "2026-09-21", appID: "wxsandbox00000001", mchID: "1900000001") }

    @Test func theFileWithItsHashReadsBackWithRefundsApart() throws {
        let download = WeChatPayTradeBill.Download(
            hashType: "SHA1", hashValue: WeChatPayTradeBill.sha1(file).uppercased(), downloadURL: "x")
        let bill = try WeChatPayTradeBill.bill(fromFile: file, download: download)
        #expect(bill == TradeBill(lines: lines))
        #expect(bill.payments.map(\.orderNo) == ["CC1", "CC2"] && bill.refunds.map(\.amountFen) == [3_000])
        #expect(String(decoding: file, as: UTF8.self).contains("`CC1,`,`JSAPI,`SUCCESS"))
    }

    @Test func aFileWhoseHashDiffersIsRefused() throws {
        var altered = file
        altered[altered.count - 3] ^= 1
        let download = WeChatPayTradeBill.Download(hashType: "SHA1", hashValue: WeChatPayTradeBill.sha1(file), downloadURL: "x")
        #expect(throws: ChannelError.malformedField("hash_value")) { try WeChatPayTradeBill.bill(fromFile: altered, download: download) }
    }

    @Test func theAnswerNamesSHA1AndTheAddress() throws {
        let body =
            #"{"hash_type":"SHA1","hash_value":"79bb0f45fc4c42234a918000b2668d689e2bde04","download_url":"https://api.mch.weixin.qq.com/v3/billdownload/file?token=6XIv5TUPto7pByrTQKhd6kwvyKLG2uY2wMMR8cNXqaA_Cv_isgaUtBzp4QtiozLO"}"#
        #expect(try WeChatPayTradeBill.download(fromResponse: body).hashValue == "79bb0f45fc4c42234a918000b2668d689e2bde04")
        #expect(throws: ChannelError.unsupportedAlgorithm("MD5")) {
            try WeChatPayTradeBill.download(fromResponse: body.replacingOccurrences(of: "SHA1", with: "MD5"))
        }
        #expect(WeChatPayTradeBill.path(billDate: "2026-09-21") == "/v3/bill/tradebill?bill_date=2026-09-21&bill_type=ALL")
    }

    @Test func aFileWithoutItsSummaryOrWithAnotherCountIsRefused() throws {
        let text = String(decoding: file, as: UTF8.self)
        let details = text.components(separatedBy: "总交易单数")[0]
        #expect(throws: ChannelError.missingField("总交易单数")) { try WeChatPayTradeBill.bill(fromText: details) }
        let miscounted = text.replacingOccurrences(of: "\r\n`3,", with: "\r\n`4,")
        #expect(throws: ChannelError.malformedBody("bill summary counts differ from its 3 rows")) {
            try WeChatPayTradeBill.bill(fromText: miscounted)
        }
    }

    @Test func billAmountsRoundHalfAwayFromZeroToTheFen() throws {
        #expect(try TradeBill.fen("0.00600", column: "手续费") == 1)
        #expect(try TradeBill.fen("0.00400", column: "手续费") == 0)
        #expect(try TradeBill.fen("-0.30", column: "服务费") == -30)
        #expect(try TradeBill.fen("100.3", column: "订单金额") == 10_030)
        #expect(try TradeBill.fen("7", column: "订单金额") == 700)
        for bad in ["", "-", "1.", ".5", "1,000.00", "1.000001", "１.00", "1e3"] {
            #expect(throws: ChannelError.self) { try TradeBill.fen(bad, column: "订单金额") }
        }
        #expect(TradeBill.yuan(60, places: 5) == "0.60000" && TradeBill.yuan(-1_805) == "-18.05")
    }
}
