import CampusCardChannels
import CampusCardCore
import CampusCardStore
import Foundation

/// The face step of binding and of every flow that needs a fresh face (a new phone, signing an
/// auto top-up agreement): the server starts the channel's certification of the roster holder
/// once the typed ID number matches what the roster keeps (the initial password's hash), and
/// later asks the provider the outcome itself (`verifyFace`). The ID number goes to the provider
/// only: it is neither stored nor logged.
public struct FaceCheck: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    /// A started certification: our reference (what the phone submits afterwards) and the
    /// provider's page the phone is sent to.
    public struct Started: Sendable {
        public var certificationID: String
        public var url: String
    }

    /// The face step of binding: the holder the roster has under (school, 学工号) and name.
    public func start(
        school text: String, staffNumber: String, name: String, idNumber: String, session: CardholderSession, returnURL: String
    ) async throws -> Started {
        guard let code = SchoolCode(rawValue: text), let school = try await SchoolStore(context.store.sql).find(code) else {
            throw CardError.unknownSchool(String(text.prefix(32)))
        }
        let staffNumber = try StaffNumber(staffNumber, digits: school.settings.staffNumberDigits)
        let name = try RealName(name)
        let holder = try await FaceCertifications(context.store).holder(schoolID: school.id, staffNumber: staffNumber)
        return try await start(holder, named: name, school: school, idNumber: idNumber, session: session, returnURL: returnURL)
    }

    /// The face step of a bound card's flows (a new phone, an agreement): the binding's holder.
    public func start(for binding: BindingRecord, idNumber: String, session: CardholderSession, returnURL: String) async throws -> Started {
        guard let school = try await SchoolStore(context.store.sql).find(id: binding.schoolID) else {
            throw CardError.ledgerInconsistent("school of binding \(binding.id)")
        }
        let holder = try await FaceCertifications(context.store).holder(id: binding.cardholderID)
        return try await start(
            holder, named: try RealName(binding.name), school: school, idNumber: idNumber, session: session, returnURL: returnURL)
    }

    /// The certification `certificationID`, as its provider answers our query now: for the user
    /// who started it and the holder it was for. `check` and the replay guard are the caller's,
    /// inside the transaction that acts on it.
    public func verifyFace(_ certificationID: String, session: CardholderSession) async throws -> FaceVerification {
        let certifications = FaceCertifications(context.store)
        guard (1...64).contains(certificationID.count), let started = try await certifications.find(certificationID),
            started.channel == session.identity.channel, started.userID == session.identity.userID,
            let holder = try await certifications.holder(id: started.cardholderID),
            let school = try await SchoolStore(context.store.sql).find(id: holder.schoolID)
        else { throw CardError.faceVerificationInvalid }
        let passed: Bool
        do {
            passed = try await verifier(session.identity.channel, school: school, holder: holder).passed(
                started.providerID, at: context.now)
        } catch {
            context.logger.notice(
                "face certification query failed", metadata: ["channel": "\(started.channel.rawValue)", "reason": "\(error)"])
            throw CardError.faceVerificationInvalid
        }
        return FaceVerification(
            certifyID: started.providerID, userID: started.userID, cardholderID: started.cardholderID, passed: passed,
            startedAt: started.startedAt)
    }

    private func start(
        _ holder: FaceCertifications.Holder?, named name: RealName, school: SchoolRecord, idNumber text: String, session: CardholderSession,
        returnURL: String
    ) async throws -> Started {
        guard let holder else { throw CardError.infoMismatch }
        guard holder.kind != .international else {
            throw CardError.invalidField(
                "id_number", zh: "人脸核验需使用居民身份证；留学生请携护照到服务中心办理",
                en: "face verification needs a national ID card: international students, please visit the service center with your passport"
            )
        }
        let idNumber = try NationalID(text)
        guard (1...1_024).contains(returnURL.count) else {
            throw CardError.invalidField("return_url", zh: "返回地址无效", en: "return_url must be a URL of at most 1024 characters")
        }
        let locks = PhoneAccessLocks(context.store)
        try await locks.ensureUnlocked(holder.cardholderID, timeZone: school.timeZone, at: context.now)
        let secrets = context.masterKey.cardSecrets
        guard holder.name == name.rawValue, let hash = holder.initialSecretHash, secrets.verify(idNumber.initialPassword, against: hash)
        else {
            throw try await locks.failure(
                of: holder.cardholderID, settings: school.settings, timeZone: school.timeZone, at: context.now, otherwise: .infoMismatch)
        }
        let reference = "CC" + RandomNonce.make(length: 30)
        let back = returnURL + (returnURL.contains("?") ? "&" : "?") + "certification_id=" + reference
        let certification: FaceCertification
        do {
            certification = try await verifier(session.identity.channel, school: school, holder: holder).start(
                FaceSubject(name: name, idNumber: idNumber), reference: reference,
                returnURL: back, at: context.now)
        } catch let error as CardError {
            throw error
        } catch {
            context.logger.notice(
                "face certification not started", metadata: ["channel": "\(session.identity.channel.rawValue)", "reason": "\(error)"])
            throw CardError.faceVerificationUnavailable
        }
        try await FaceCertifications(context.store).record(
            .init(
                reference: reference, identity: session.identity, providerID: certification.id, cardholderID: holder.cardholderID,
                startedAt: context.now, returnURL: back))
        return Started(certificationID: reference, url: certification.url)
    }

    /// The school app's face check is the school's own provider's step-up where it can do face,
    /// the channel's otherwise.
    private func verifier(_ channel: BindingChannel, school: SchoolRecord, holder: FaceCertifications.Holder) throws -> any FaceVerifier {
        if channel == .schoolApp, case .oidc(let provider) = school.settings.signOn, let acr = provider.faceACR {
            return SchoolSignOnFaceVerifier(
                provider: provider, acr: acr, user: holder.staffNumber, callbackURL: Self.callbackURL(context, school: school),
                key: context.masterKey, store: context.store)
        }
        guard let verifier = context.channels?.faceVerifier(of: channel, transport: context.transport) else {
            throw CardError.faceVerificationUnavailable
        }
        return verifier
    }
}
