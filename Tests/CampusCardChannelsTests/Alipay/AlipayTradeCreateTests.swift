import CampusCardChannels
import Foundation
import Testing

struct AlipayTradeCreateTests {
    let signer = AlipayRequestSigner(appID: "2021000000000001", appPrivateKey: TestKeys.app)
    let at = Date(timeIntervalSince1970: 1_714_523_400)

    func biz(_ parameters: [String: String]) throws -> [String: String] {
        try JSONDecoder().decode([String: String].self, from: Data(try #require(parameters["biz_content"]).utf8))
    }

    @Test func theBuyerIsNamedAsTheAppsModeNamesIt() {
        #expect(AlipayBuyer("2088102177846880") == .userID("2088102177846880"))
        // OpenID mode's ids, and anything not shaped as a user id
        #expect(
            AlipayBuyer("074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5") == .openID("074a1CcTG1LelxKe4xQC0zgNdId0nxi95b5lsNpazWYoCo5"))
        #expect(AlipayBuyer("208810217784688") == .openID("208810217784688"))
        #expect(AlipayBuyer("2088１02177846880") == .openID("2088１02177846880"))
    }

    @Test func aJSAPITradeForTheMiniProgramWithItsBuyerAndAnEncodedPassback() throws {
        for (buyer, field) in [(AlipayBuyer.userID("2088102177846880"), "buyer_id"), (.openID("074a1CcTG1Lelx"), "buyer_open_id")] {
            let parameters = try AlipayTradeCreate.requestParameters(
                outTradeNo: "CC1", totalFen: 5_015, subject: "校园卡充值", buyer: buyer, opAppID: "2021000000000009", passback: "kind=quick",
                notifyURL: "https://card.example.edu.cn/api/v1/channels/alipay/notify", signer: signer, at: at)
            let content = try biz(parameters)
            #expect(content["product_code"] == "JSAPI_PAY")
            #expect(content["op_app_id"] == "2021000000000009")
            #expect(content[field] == buyer.id)
            #expect(content.keys.filter { $0.hasPrefix("buyer") } == [field])
            #expect(content["passback_params"] == "kind%3Dquick")
            #expect(content["total_amount"] == "50.15")
            // what the sandbox reads back
            let read = try AlipayTradeCreate.content(of: parameters)
            #expect(read.buyer == buyer && read.passback == "kind=quick" && read.totalFen == 5_015)
        }
    }

    @Test func whatAlipayWouldRefuseTheSandboxRefuses() throws {
        func content(_ biz: String) throws {
            _ = try AlipayTradeCreate.content(of: ["biz_content": biz])
        }
        #expect(throws: ChannelError.malformedField("product_code")) {
            try content(#"{"out_trade_no":"CC1","total_amount":"1.00","subject":"s","buyer_id":"2088102177846880"}"#)
        }
        #expect(throws: ChannelError.missingField("buyer_id")) {
            try content(#"{"out_trade_no":"CC1","total_amount":"1.00","subject":"s","product_code":"JSAPI_PAY"}"#)
        }
        #expect(throws: ChannelError.missingField("buyer_id")) {
            try content(
                #"{"out_trade_no":"CC1","total_amount":"1.00","subject":"s","product_code":"JSAPI_PAY","buyer_id":"2088102177846880","buyer_open_id":"x"}"#
            )
        }
    }
}
