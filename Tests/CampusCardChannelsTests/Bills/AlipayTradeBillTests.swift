import Foundation
import Testing

@testable import CampusCardChannels

struct AlipayTradeBillTests {
    let lines = [
        TradeBill.Line(kind: .payment, orderNo: "CC202609210001", channelTradeNo: "2026092122001400001", amountFen: 5_015, feeFen: 30),
        TradeBill.Line(kind: .payment, orderNo: "CC202609210002", channelTradeNo: "2026092122001400002", amountFen: 10_000, feeFen: 60),
        TradeBill.Line(kind: .refund, orderNo: "CC202609210002", channelTradeNo: "2026092122001400002", amountFen: 2_000, feeFen: 12),
    ]

    @Test func theZipOfGBKFilesReadsBackToItsLines() throws {
        let zip = try AlipayTradeBill.zip(lines, billDate: "2026-09-21", pid: "2088000000000001", exportedAt: "2026-09-22 09:00:00")
        // a zip ("PK"), whose detail is GBK: "支付宝" is D6 A7 B8 B6 B1 A6 there, not UTF-8
        #expect(zip.prefix(2) == Data("PK".utf8))
        #expect(try AlipayTradeBill.bill(fromZip: zip) == TradeBill(lines: lines))
        #expect(GBKText.encode("支付宝") == Data([0xD6, 0xA7, 0xB8, 0xB6, 0xB1, 0xA6]))
    }

    @Test func theDetailIsReadByColumnNameWithTabsAndCommentsAround() throws {
        let detail = """
            #支付宝业务明细查询
            #账号：[20880000000000010156]
            #起始日期：[2026年09月21日 00:00:00]   终止日期：[2026年09月22日 00:00:00]
            #-----------------------------------------业务明细列表----------------------------------------
            \(AlipayTradeBill.columns.joined(separator: ","))
            2026092122001400001\t,CC1\t,交易,校园卡充值,2026-09-21 12:00:00,2026-09-21 12:00:05,\t,\t,\t,\t,**明(138******00)\t,50.15,50.15,0.00,0.00,0.00,0.00,0.00,,0.00\t,0.00,\t,-0.30,0.00,
            2026092122001400001\t,CC1\t,退款,校园卡充值,2026-09-21 13:00:00,2026-09-21 13:00:05,\t,\t,\t,\t,**明(138******00)\t,-50.15,-50.15,0.00,0.00,0.00,0.00,0.00,,0.00\t,0.00,R1\t,0.30,0.00,
            #-----------------------------------------业务明细列表结束------------------------------------
            #交易合计：1笔，退款合计：1笔
            #导出时间：[2026年09月22日 09:13:10]
            """
        let bill = try AlipayTradeBill.bill(fromDetail: detail)
        #expect(
            bill.payments == [.init(kind: .payment, orderNo: "CC1", channelTradeNo: "2026092122001400001", amountFen: 5_015, feeFen: 30)])
        #expect(bill.refunds.map(\.amountFen) == [5_015])
    }

    @Test func aDetailCutShortOrMissingAColumnIsRefused() throws {
        let zip = try AlipayTradeBill.zip(lines, billDate: "2026-09-21", pid: "2088000000000001", exportedAt: "2026-09-22 09:00:00")
        let archive = try AlipayTradeBill.bill(fromZip: zip)
        #expect(archive.lines.count == 3)
        let header = AlipayTradeBill.columns.joined(separator: ",")
        let row = "T1,CC1,交易,,,,,,,,,50.00,50.00,,,,,,,,,,-0.30,,"
        // the closing count is gone (the file ends early)
        #expect(throws: ChannelError.missingField("#交易合计")) {
            try AlipayTradeBill.bill(fromDetail: "\(AlipayTradeBill.detailTitle)\n\(header)\n\(row)\n")
        }
        // the count says two trades, one is there
        #expect(throws: ChannelError.malformedBody("bill counts [2, 0], rows 1")) {
            try AlipayTradeBill.bill(fromDetail: "\(AlipayTradeBill.detailTitle)\n\(header)\n\(row)\n#交易合计：2笔，退款合计：0笔\n")
        }
        #expect(throws: ChannelError.missingField("bill column 服务费（元）")) {
            try AlipayTradeBill.bill(
                fromDetail: "\(AlipayTradeBill.detailTitle)\n支付宝交易号,商户订单号,业务类型,订单金额（元）\nT1,CC1,交易,50.00\n#交易合计：1笔，退款合计：0笔\n")
        }
        #expect(throws: ChannelError.malformedAmount("订单金额（元）: 5O.00")) {
            try AlipayTradeBill.bill(
                fromDetail:
                    "\(AlipayTradeBill.detailTitle)\n\(header)\n\(row.replacingOccurrences(of: "50.00,50.00", with: "5O.00,50.00"))\n#交易合计：1笔，退款合计：0笔\n"
            )
        }
        #expect(throws: ChannelError.self) { try AlipayTradeBill.bill(fromZip: Data("not a zip".utf8)) }
    }

    @Test func theQueryIsSignedAndItsAnswerVerified() throws {
        let signer = AlipayRequestSigner(appID: "2021000000000001", appPrivateKey: TestKeys.app)
        let parameters = try AlipayTradeBill.requestParameters(
            billDate: "2026-09-21", signer: signer, at: Date(timeIntervalSince1970: 1_790_000_000))
        #expect(parameters["method"] == "alipay.data.dataservice.bill.downloadurl.query")
        try AlipayRequestVerifier(appPublicKey: TestKeys.app.verifyingKey).verify(parameters)
        #expect(try AlipayTradeBill.billDate(of: parameters) == "2026-09-21")
        let responder = AlipayResponseSigner(alipayPrivateKey: TestKeys.alipay)
        let verifier = AlipayResponseVerifier(alipayPublicKey: TestKeys.alipay.verifyingKey)
        let url = "https://dwbillcenter.alipay.com/downloadBillFile.resource?bizType=trade&fileType=csv.zip&bizDates=20260921"
        #expect(
            try AlipayTradeBill.downloadURL(
                fromResponse: try AlipayTradeBill.response(downloadURL: url, signer: responder), verifier: verifier) == url)
        #expect(throws: ChannelError.rejected("isp.bill_not_exist")) {
            try AlipayTradeBill.downloadURL(
                fromResponse: try AlipayTradeBill.response(downloadURL: nil, signer: responder), verifier: verifier)
        }
    }
}
