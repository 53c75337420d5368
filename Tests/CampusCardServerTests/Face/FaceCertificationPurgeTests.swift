import CampusCardServices
import CampusCardStore
import CampusCardTestSupport
import Foundation
import Testing

/// A started face certification names a channel user and a cardholder: kept a day, long past the
/// five minutes it may be used in, then the upkeep forgets it.
@Suite struct FaceCertificationPurgeTests {
    @Test(arguments: Engine.available)
    func theUpkeepForgetsACertificationADayAfterItStarted(engine: Engine) async throws {
        try await AppFixture.with(engine) { f in
            let phone = try await Phone.signIn(f, .alipay, user: "2088000000000901")
            let old = try await phone.face()
            f.clock.advance(FaceCertifications.keptFor - 60)
            let recent = try await Phone.signIn(f, .alipay, user: "2088000000000902").face()
            // when the upkeep runs a day after the first was started
            f.clock.advance(61)
            var pacing = UpkeepJobs.Pacing()
            await UpkeepJobs(jobs: UpkeepJobs.standard.filter { $0.name == "face certification purge" }).runPass(&pacing, interval: 5) {
                try f.services()
            }
            // then the first is gone and the one of a minute ago is kept
            let certifications = FaceCertifications(try f.app.store)
            #expect(try await certifications.find(old) == nil)
            #expect(try await certifications.find(recent) != nil)
        }
    }
}
