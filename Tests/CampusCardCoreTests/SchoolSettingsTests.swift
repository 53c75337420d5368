import CampusCardCore
import Foundation
import Testing

@Suite struct SchoolSettingsTests {
    @Test func defaultsAreTheSpecsNumbers() throws {
        let s = SchoolSettings.defaults
        #expect(s.quickTopUpPresets == [.yuan(50), .yuan(100), .yuan(200)])
        #expect(s.quickTopUpFeeBasisPoints == 30)
        #expect(s.customTopUpMinimum == .yuan(10) && s.customTopUpMaximum == .yuan(500))
        #expect(s.customTopUpMultiple == nil)
        #expect(s.customArrivalMinutes == 1...3)
        #expect(s.peakHours == [8, 12])
        #expect(s.singleTopUpLimit == .yuan(500) && s.dailyTopUpLimit == .yuan(2000))
        #expect(s.autoTopUpThreshold == .yuan(20) && s.autoTopUpAmount == .yuan(50))
        #expect(s.autoTopUpRefundDeadlineDay == 5 && s.autoTopUpRenewalMonth == 9)
        #expect(s.staffNumberDigits == 8...12)
        #expect(s.passwordAttemptsBeforeLock == 5)
        #expect(s.freezeMonthsAfterLeaving == 3)
        try s.validate()
    }

    @Test func aSchoolStoresOnlyWhatItChanged() throws {
        // given a school that takes custom amounts in tens and allows 3000 a day
        let json = #"{"custom_top_up_multiple_fen": 1000, "daily_top_up_limit_fen": 300000}"#
        // when
        let settings = try JSONDecoder().decode(SchoolSettings.self, from: Data(json.utf8))
        // then
        #expect(settings.customTopUpMultiple == .yuan(10))
        #expect(settings.dailyTopUpLimit == .yuan(3000))
        #expect(settings.singleTopUpLimit == .yuan(500))
    }

    @Test func roundTripsThroughJSON() throws {
        var settings = SchoolSettings()
        settings.customArrivalMinutes = 2...5
        settings.feePayer = .school
        settings.customTopUpMultiple = .yuan(10)
        let decoded = try JSONDecoder().decode(SchoolSettings.self, from: JSONEncoder().encode(settings))
        #expect(decoded == settings)
    }

    @Test func refusesContradictions() {
        var settings = SchoolSettings()
        settings.singleTopUpLimit = .yuan(3000)
        #expect(throws: CardError.self) { try settings.validate() }
        settings = SchoolSettings()
        settings.quickTopUpPresets = [.yuan(600)]
        #expect(throws: CardError.self) { try settings.validate() }
        settings = SchoolSettings()
        settings.autoTopUpRenewalMonth = 13
        #expect(throws: CardError.self) { try settings.validate() }
    }

    @Test func refusesAnInvertedRange() {
        let json = #"{"staff_number_digits": [12, 8]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(SchoolSettings.self, from: Data(json.utf8)) }
    }
}
