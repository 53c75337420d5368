import CampusCardChannels
import Foundation
import Testing

struct AlipayNotificationTests {
    let appID = "2021000000000001"
    let signer = AlipayNotificationSigner(alipayPrivateKey: TestKeys.alipay)
    var verifier: AlipayNotificationVerifier {
        AlipayNotificationVerifier(appID: appID, sellerID: "2088101117955611", alipayPublicKey: TestKeys.alipay.verifyingKey)
    }
    var paid: AlipayTradeNotification {
        AlipayTradeNotification(
            appID: appID, outTradeNo: "CC20240501000001", tradeNo: "2024050122001400001234567890",
            tradeStatus: .tradeSuccess, totalFen: 5_000, notifyID: "2024050100222083001234567890",
            notifyTime: Date(timeIntervalSince1970: 1_714_523_405),
            gmtPayment: Date(timeIntervalSince1970: 1_714_523_400), buyerID: "2088102177846880",
            sellerID: "2088101117955611")
    }

    @Test func aSignedNotificationVerifiesToItsTypedFields() throws {
        // given
        let body = try signer.signedFormBody(paid.formParameters)
        // when
        let notification = try verifier.verify(formBody: body)
        // then
        #expect(notification == paid)
        #expect(notification.totalAmount == "50.00")
        #expect(notification.totalFen == 5_000)
        #expect(notification.gmtPayment == "2024-05-01 08:30:00")
        #expect(notification.tradeStatus.isPaid)
    }

    @Test func emptyFieldsAndUnknownExtrasDoNotBreakTheSignature() throws {
        var parameters = paid.formParameters
        parameters["subject"] = "校园卡充值 50元 & more"
        parameters["passback_params"] = ""
        let notification = try verifier.verify(formBody: signer.signedFormBody(parameters))
        #expect(notification.outTradeNo == "CC20240501000001")
    }

    @Test func aChangedAmountIsABadSignature() throws {
        var fields = try FormURLEncoding.decode(signer.signedFormBody(paid.formParameters))
        fields["total_amount"] = "5000.00"
        #expect(throws: ChannelError.badSignature) { try verifier.verify(parameters: fields) }
    }

    @Test func anotherAppsNotificationIsRefused() throws {
        var parameters = paid.formParameters
        parameters["app_id"] = "2021999999999999"
        #expect(throws: ChannelError.wrongAppID("2021999999999999")) {
            try verifier.verify(formBody: signer.signedFormBody(parameters))
        }
    }

    @Test func aTradePaidToAnotherMerchantIsRefused() throws {
        for seller: String? in ["2088999999999999", "", nil] {
            var parameters = paid.formParameters
            parameters["seller_id"] = seller
            #expect(throws: ChannelError.wrongSellerID(seller ?? "")) {
                try verifier.verify(formBody: signer.signedFormBody(parameters))
            }
        }
    }

    @Test func signedButUnusableFieldsAreTypedErrors() throws {
        func verify(_ change: (inout [String: String]) -> Void) throws {
            var parameters = paid.formParameters
            change(&parameters)
            _ = try verifier.verify(formBody: signer.signedFormBody(parameters))
        }
        #expect(throws: ChannelError.missingField("out_trade_no")) {
            try verify { $0["out_trade_no"] = nil }
        }
        #expect(throws: ChannelError.missingField("trade_no")) {
            try verify { $0["trade_no"] = "" }
        }
        #expect(throws: ChannelError.malformedAmount("12.305")) {
            try verify { $0["total_amount"] = "12.305" }
        }
        #expect(throws: ChannelError.malformedAmount("1e3")) {
            try verify { $0["total_amount"] = "1e3" }
        }
        #expect(throws: ChannelError.malformedField("trade_status")) {
            try verify { $0["trade_status"] = "PAID" }
        }
    }

    @Test func unsignedOrOtherwiseSignedNotificationsAreRefused() throws {
        var fields = try FormURLEncoding.decode(signer.signedFormBody(paid.formParameters))
        fields["sign_type"] = "RSA"
        #expect(throws: ChannelError.unsupportedAlgorithm("RSA")) {
            try verifier.verify(parameters: fields)
        }
        fields["sign"] = nil
        #expect(throws: ChannelError.missingField("sign")) {
            try verifier.verify(parameters: fields)
        }
    }

    @Test func theWrongPublicKeyFailsTheSignature() throws {
        let other = AlipayNotificationVerifier(
            appID: appID, sellerID: "2088101117955611", alipayPublicKey: TestKeys.app.verifyingKey)
        #expect(throws: ChannelError.badSignature) {
            try other.verify(formBody: signer.signedFormBody(paid.formParameters))
        }
    }
}
