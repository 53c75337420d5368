import CampusCardChannels
import Foundation
import Testing

struct UnionPaySignContentTests {
    @Test func everyFieldButTheSignatureSortedByNameWithEmptyOnesKept() {
        let fields = [
            "version": "5.1.0", "orderId": "A1", "signature": "x", "merId": "777290058110048", "txnAmt": "100", "reqReserved": "",
        ]
        #expect(UnionPaySignContent.of(fields) == "merId=777290058110048&orderId=A1&reqReserved=&txnAmt=100&version=5.1.0")
    }

    @Test func theDigestIsTheLowerCaseHexSHA256OfTheSignContent() {
        let fields = ["version": "5.1.0", "orderId": "A1", "merId": "777290058110048", "txnAmt": "100", "accessType": "0"]
        // python3: hashlib.sha256(b"accessType=0&merId=777290058110048&orderId=A1&txnAmt=100&version=5.1.0").hexdigest()
        #expect(UnionPaySignContent.digestHex(fields) == "de1e6ecf69654612911e6c2d9324826f814e58c525702e7b6f86ae8ade1d6c4f")
    }

    @Test func txnTimeIsChinaTimeToTheSecond() {
        let date = Date(timeIntervalSince1970: 1_714_523_400)  // 2024-05-01 00:30:00 UTC
        #expect(ChinaTime.compact(date) == "20240501083000")
        #expect(ChinaTime.date(fromCompact: "20240501083000") == date)
        #expect(ChinaTime.date(fromCompact: "2024050108300") == nil)
        #expect(ChinaTime.date(fromCompact: "20241301083000") == nil)
    }

    @Test func answersSplitOnAmpersandsOutsideBraces() throws {
        let fields = try UnionPayMessage.answerFields("respCode=00&tokenPayData={token=6235&trId=62000000001}&signature=ab+c/d==")
        #expect(fields == ["respCode": "00", "tokenPayData": "{token=6235&trId=62000000001}", "signature": "ab+c/d=="])
        #expect(try UnionPayMessage.unbraced(fields["tokenPayData"]!) == ["token": "6235", "trId": "62000000001"])
        #expect(throws: ChannelError.self) { try UnionPayMessage.answerFields("a=1&a=2") }
        #expect(throws: ChannelError.self) { try UnionPayMessage.answerFields("a=1}&b=2") }
    }
}
