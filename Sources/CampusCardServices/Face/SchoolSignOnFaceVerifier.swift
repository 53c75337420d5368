import CampusCardChannels
import CampusCardCore
import CampusCardStore
import Foundation

/// The school app's face check at a school whose OpenID provider can do face (`faceACR`): the
/// phone is sent to the school's provider with a step-up request (`OpenIDFaceStepUp`) whose
/// `state` is our reference, and comes back to `callbackURL`, where the server trades the code
/// itself and checks the signed ID token (`FaceCheck.signedIn`). The provider keeps no outcome to
/// ask later, so `passed` reads the pass the server recorded then; nothing the phone carries is
/// trusted.
struct SchoolSignOnFaceVerifier: FaceVerifier {
    let provider: SchoolSignOn.OpenIDProvider
    let acr: String
    /// The holder's 学工号: the user the school must authenticate.
    let user: String
    let callbackURL: String
    let key: MasterKey
    let store: StoreDatabase

    func start(_ subject: FaceSubject, reference: String, returnURL: String, at now: Date) async throws -> FaceCertification {
        let url = OpenIDConnect.authorizeURL(
            provider, redirectURI: callbackURL, state: reference, nonce: Self.nonce(reference, key),
            verifier: Self.verifier(reference, key), stepUp: OpenIDFaceStepUp(acr: acr, user: user, startedAt: now))
        return FaceCertification(id: reference, url: url)
    }

    func passed(_ id: String, at now: Date) async throws -> Bool {
        try await FaceCertifications(store).find(id)?.passedAt != nil
    }

    /// Derived from the reference as a sign-in's are from its state (`MasterKey.signOnProof`), for
    /// a face step only, so that a sign-in's token never answers one.
    static func nonce(_ reference: String, _ key: MasterKey) -> String { key.signOnProof("face-nonce", state: reference) }
    static func verifier(_ reference: String, _ key: MasterKey) -> String { key.signOnProof("face-pkce", state: reference) }
}
