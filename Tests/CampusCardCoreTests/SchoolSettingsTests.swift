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

    /// The API takes what the console's form takes: a lock of years or a limit of billions is
    /// refused with the rule it breaks, and the largest values allowed are taken.
    @Test(arguments: [
        ("binding", #"{"password_lock_minutes": 10081}"#),
        ("binding", #"{"password_attempts_before_lock": 101}"#),
        ("binding", #"{"freeze_months_after_leaving": 121}"#),
        ("binding", #"{"freeze_notice_days_before": [366]}"#),
        ("arrival", #"{"unpaid_order_expiry_minutes": 1441}"#),
        ("arrival", #"{"peak_extra_arrival_minutes": 9223372036854775807}"#),
        ("arrival", #"{"custom_arrival_minutes": [1, 1441]}"#),
        ("limits", #"{"daily_top_up_limit_fen": 10000001}"#),
        ("quick_top_up_presets", #"{"quick_top_up_presets_fen": [\#(Array(repeating: "100", count: 25).joined(separator: ","))]}"#),
    ])
    func refusesValuesBeyondTheirBounds(rule: String, json: String) throws {
        let settings = try JSONDecoder().decode(SchoolSettings.self, from: Data(json.utf8))
        let refusal = #expect(throws: CardError.self) { try settings.validate() }
        #expect(refusal?.details["field"] == rule)
    }

    @Test func takesTheLargestValuesAllowed() throws {
        var settings = SchoolSettings()
        settings.passwordLockMinutes = 10_080
        settings.passwordAttemptsBeforeLock = 100
        settings.freezeMonthsAfterLeaving = 120
        settings.freezeNoticeDaysBefore = [365, 30, 7]
        settings.unpaidOrderExpiryMinutes = 1_440
        settings.customArrivalMinutes = 0...1_440
        settings.dailyTopUpLimit = .yuan(100_000)
        try settings.validate()
    }

    @Test func refusesAnInvertedRange() {
        let json = #"{"staff_number_digits": [12, 8]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(SchoolSettings.self, from: Data(json.utf8)) }
    }
}

@Suite struct SchoolSignOnTests {
    @Test func aSchoolChoosesCASInItsSettingsAndKeepsItThroughJSON() throws {
        let json = #"{"sign_on": {"protocol": "cas", "server_url": "https://ids.example.edu.cn/authserver"}}"#
        let settings = try JSONDecoder().decode(SchoolSettings.self, from: Data(json.utf8))
        #expect(settings.signOn == .cas(server: "https://ids.example.edu.cn/authserver"))
        try settings.validate()
        #expect(try JSONDecoder().decode(SchoolSettings.self, from: JSONEncoder().encode(settings)) == settings)
        #expect(SchoolSettings.defaults.signOn == nil)
    }

    /// The browser is sent to the school's server over TLS only, or to a sandbox on this machine.
    @Test(arguments: [
        "http://ids.example.edu.cn/authserver", "https://ids.example.edu.cn/authserver/", "https://ids.example.edu.cn/cas?x=1",
        "javascript:alert(1)", "ftp://ids.example.edu.cn", "https://user@ids.example.edu.cn", "//evil.example.com/cas", "/elsewhere/cas",
        "", String(repeating: "a", count: 301),
    ])
    func refusesAServerABrowserShouldNotBeSentTo(server: String) {
        var settings = SchoolSettings()
        settings.signOn = .cas(server: server)
        let refusal = #expect(throws: CardError.self) { try settings.validate() }
        #expect(refusal?.details["field"] == "sign_on")
    }

    @Test(arguments: ["https://ids.example.edu.cn/authserver", "http://127.0.0.1:8090/sandbox/school/cas", "/sandbox/school/cas"])
    func takesTheSchoolsServerOrALocalSandbox(server: String) throws {
        var settings = SchoolSettings()
        settings.signOn = .cas(server: server)
        try settings.validate()
    }

    /// An OpenID provider that can do face names its `acr` for it; without one it is left out.
    @Test func anOpenIDProvidersFaceACRIsKeptThroughJSONAndChecked() throws {
        let json = #"""
            {"sign_on": {"protocol": "oidc", "provider": {"issuer": "https://ids.example.edu.cn/oidc",
            "authorization_endpoint": "https://ids.example.edu.cn/oidc/authorize", "token_endpoint": "https://ids.example.edu.cn/oidc/token",
            "jwks_uri": "https://ids.example.edu.cn/oidc/jwks", "client_id": "campuscard", "face_acr": "urn:ids:acr:face"}}}
            """#
        var settings = try JSONDecoder().decode(SchoolSettings.self, from: Data(json.utf8))
        guard case .oidc(var provider) = settings.signOn else {
            Issue.record("not OIDC")
            return
        }
        #expect(provider.faceACR == "urn:ids:acr:face" && provider.userClaim == "sub")
        try settings.validate()
        #expect(try JSONDecoder().decode(SchoolSettings.self, from: JSONEncoder().encode(settings)) == settings)
        provider.faceACR = nil
        #expect(!String(decoding: try JSONEncoder().encode(provider), as: UTF8.self).contains("face_acr"))
        provider.faceACR = "urn:ids face"
        settings.signOn = .oidc(provider)
        let refusal = #expect(throws: CardError.self) { try settings.validate() }
        #expect(refusal?.details["field"] == "sign_on")
    }

    @Test func anUnknownProtocolIsRefused() {
        let json = #"{"sign_on": {"protocol": "saml", "server_url": "https://ids.example.edu.cn"}}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(SchoolSettings.self, from: Data(json.utf8)) }
    }
}
