import CampusCardCore
import Foundation
import Testing

@Suite struct BindingRulesTests {
    @Test(arguments: ["111111", "000000", "123456", "345678", "987654", "890123", "210987"])
    func trivialPaymentPasswordsAreRefused(password: String) {
        #expect(throws: CardError.self) { try PaymentPassword(choosing: password, initialPassword: nil) }
    }

    @Test func aPaymentPasswordIsSixDigitsAndNotTheInitialPassword() throws {
        #expect(try PaymentPassword(choosing: "285713", initialPassword: "011235").digits == "285713")
        #expect(throws: CardError.paymentPasswordWeak(.sameAsInitial)) {
            try PaymentPassword(choosing: "011235", initialPassword: "011235")
        }
        for bad in ["28571", "2857130", "28571a", "２８５７１３", ""] {
            #expect(throws: CardError.paymentPasswordFormat) { try PaymentPassword(choosing: bad, initialPassword: nil) }
        }
    }

    @Test func theInitialPasswordWritesXAsZero() throws {
        #expect(try BindApplication.initialPassword("03781x") == "037810")
        #expect(try BindApplication.initialPassword("037810") == "037810")
        #expect(throws: CardError.self) { try BindApplication.initialPassword("03781") }
        #expect(throws: CardError.self) { try BindApplication.initialPassword("03781Y") }
    }

    @Test func theFifthFailureLocksForTheSchoolsMinutesAndAnExpiredLockStartsAfresh() {
        let settings = SchoolSettings.defaults
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        var lock = PhoneAccessLock()
        for _ in 1...4 { lock = lock.afterFailure(at: start, settings: settings) }
        #expect(!lock.isLocked(at: start) && lock.triesLeft(settings: settings) == 1)
        lock = lock.afterFailure(at: start, settings: settings)
        #expect(lock.isLocked(at: start))
        #expect(lock.lockedUntil == start.addingTimeInterval(30 * 60))
        #expect(!lock.isLocked(at: start.addingTimeInterval(30 * 60)))
        let later = lock.afterFailure(at: start.addingTimeInterval(31 * 60), settings: settings)
        #expect(later == PhoneAccessLock(failures: 1))
    }

    @Test func aFaceResultCountsForItsOwnUserWhenFreshAndPassed() throws {
        let at = Date(timeIntervalSince1970: 1_790_000_000)
        let me = ChannelIdentity(channel: .alipay, userID: "2088")
        let result = FaceVerification(certifyID: "c1", userID: "2088", cardholderID: 7, passed: true, startedAt: at)
        try result.check(for: me, cardholder: 7, at: at.addingTimeInterval(299))
        #expect(throws: CardError.faceVerificationStale) { try result.check(for: me, cardholder: 7, at: at.addingTimeInterval(301)) }
        #expect(throws: CardError.faceVerificationInvalid) {
            try result.check(for: ChannelIdentity(channel: .alipay, userID: "2089"), cardholder: 7, at: at)
        }
        #expect(throws: CardError.faceVerificationInvalid) { try result.check(for: me, cardholder: 8, at: at) }
        var failed = result
        failed.passed = false
        #expect(throws: CardError.faceVerificationInvalid) { try failed.check(for: me, cardholder: 7, at: at) }
    }

    @Test func deviceIDsAreShortPlainText() throws {
        #expect(try DeviceID("phone-0001_a.b").rawValue == "phone-0001_a.b")
        for bad in ["short", String(repeating: "a", count: 65), "with space1", "设备设备设备设备"] {
            #expect(throws: CardError.self) { try DeviceID(bad) }
        }
    }
}
