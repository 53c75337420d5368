import CampusCardCore
import Testing
import Vapor

@testable import CampusCardServer

/// The wire status of each refusal is the server's choice, made in one place.
@Suite struct CardErrorStatusTests {
    @Test func brokenLedgerDataIsTheServersFailureNotTheCallersNotFound() {
        #expect(CardError.Code.ledgerInconsistent.httpStatus == .internalServerError)
        #expect(CardError.Code.unknownCard.httpStatus == .notFound)
    }

    @Test func everyCallersMistakeIsA4xxAndOnlyOurOwnFailuresAre5xx() {
        let ours: Set<CardError.Code> = [
            .internalError, .ledgerInconsistent, .paymentChannelUnavailable, .underMaintenance, .serviceBusy, .databaseUnavailable,
        ]
        for code in CardError.Code.allCases {
            let status = code.httpStatus.code
            #expect(ours.contains(code) ? status >= 500 : (400..<500).contains(status), "\(code.rawValue) → \(status)")
        }
    }
}
