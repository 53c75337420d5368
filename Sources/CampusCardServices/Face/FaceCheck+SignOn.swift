import CampusCardChannels
import CampusCardCore
import CampusCardStore
import Foundation

extension FaceCheck {
    /// Where the school's provider sends the phone back after a face step-up (the redirect URI it
    /// checks the code against).
    static func callbackURL(_ context: ServiceContext, school: SchoolRecord) -> String {
        "\(context.publicOrigin)/h5/\(school.code.rawValue)/face/signed-in"
    }

    /// Back from the school's provider with a face step-up (`SchoolSignOnFaceVerifier`), `state`
    /// being our reference: the code is traded server to server, the signed ID token must show a
    /// fresh face authentication of the holder, by the holder's own session (`{school}:{学工号}`),
    /// and the pass is recorded once. Answers where to send the phone (the return URL the
    /// certification was started with); any failure is one refusal, logged, nothing recorded.
    public func signedIn(school: SchoolRecord, query: [String: String]) async throws -> String {
        let certifications = FaceCertifications(context.store)
        do {
            guard case .oidc(let provider) = school.settings.signOn, let acr = provider.faceACR else {
                throw ChannelError.missingField("face_acr")
            }
            guard let reference = query["state"], (1...64).contains(reference.count),
                let started = try await certifications.find(reference),
                started.channel == .schoolApp, started.passedAt == nil, let back = started.returnURL,
                let holder = try await certifications.holder(id: started.cardholderID), holder.schoolID == school.id,
                started.userID == "\(school.code.rawValue):\(holder.staffNumber)"
            else { throw ChannelError.malformedField("state") }
            let token = try await CardholderAccess(context).signOnLogin.token(
                provider, query: query, back: Self.callbackURL(context, school: school),
                verifier: SchoolSignOnFaceVerifier.verifier(reference, context.masterKey),
                nonce: SchoolSignOnFaceVerifier.nonce(reference, context.masterKey),
                secret: context.channels?.schoolLogin.signOnSecrets[school.code.rawValue], at: context.now)
            try OpenIDFaceStepUp(acr: acr, user: holder.staffNumber, startedAt: started.startedAt).check(token)
            guard try await certifications.recordPass(reference, at: context.now) else { throw ChannelError.malformedField("state") }
            return back
        } catch {
            context.logger.notice("school face step-up refused", metadata: ["school": "\(school.code.rawValue)", "reason": "\(error)"])
            throw CardError.faceVerificationInvalid
        }
    }
}
