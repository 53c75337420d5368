import CampusCardChannels
import Foundation
import Testing

struct ChinaTimeTests {
    @Test func midnightInShanghaiIsFourPMTheDayBeforeInUTC() {
        // given: 2024-12-31 16:00:00.999 UTC
        let date = Date(timeIntervalSince1970: 1_735_660_800.999)
        // then: the new year has begun in China, and fractions of a second are dropped
        #expect(ChinaTime.alipayTimestamp(date) == "2025-01-01 00:00:00")
        #expect(ChinaTime.rfc3339(date) == "2025-01-01T00:00:00+08:00")
    }
}
