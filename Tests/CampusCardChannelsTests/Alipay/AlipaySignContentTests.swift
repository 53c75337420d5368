import CampusCardChannels
import Testing

/// Expected strings written out by hand from the rules in Alipay's signing documentation.
struct AlipaySignContentTests {
    let parameters = [
        "method": "alipay.trade.query",
        "app_id": "2014072300007148",
        "sign_type": "RSA2",
        "sign": "should-not-appear",
        "charset": "utf-8",
        "version": "1.0",
        "timestamp": "2014-07-24 03:07:50",
        "notify_url": "",
        "biz_content": #"{"out_trade_no":"20150320010101001","subject":"校园卡 充值&"}"#,
        "Z_upper": "sorts-before-lowercase",
    ]

    @Test func requestContentDropsSignAndEmptiesSortsByBytesAndStaysRaw() {
        #expect(
            AlipaySignContent.forRequest(parameters)
                == "Z_upper=sorts-before-lowercase&app_id=2014072300007148"
                + #"&biz_content={"out_trade_no":"20150320010101001","subject":"校园卡 充值&"}"#
                + "&charset=utf-8&method=alipay.trade.query&sign_type=RSA2"
                + "&timestamp=2014-07-24 03:07:50&version=1.0")
    }

    /// Unlike a request's, a notification's empty values are signed: Alipay's verification
    /// routines (Java `getSignCheckContentV1`, python-alipay-sdk) keep every posted field.
    @Test func notificationContentDropsSignTypeButKeepsEmptyValues() {
        let notification = [
            "trade_status": "TRADE_SUCCESS", "sign_type": "RSA2", "sign": "x", "buyer_id": "",
            "total_amount": "0.01", "app_id": "2021", "gmt_payment": "2024-05-01 08:30:00",
        ]
        #expect(
            AlipaySignContent.forNotification(notification)
                == "app_id=2021&buyer_id=&gmt_payment=2024-05-01 08:30:00&total_amount=0.01&trade_status=TRADE_SUCCESS"
        )
    }

    @Test func keysSortByBytesNotByLengthOrLocale() {
        let content = AlipaySignContent.forRequest([
            "ab": "2", "a": "1", "a_b": "3", "aB": "4", "b": "5",
        ])
        #expect(content == "a=1&aB=4&a_b=3&ab=2&b=5")
    }
}
