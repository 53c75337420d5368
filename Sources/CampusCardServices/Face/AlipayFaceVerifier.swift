import CampusCardChannels
import Foundation

/// Alipay's identity certification (`alipay.user.certify.open.*`), signed with our app key and
/// its answers verified with Alipay's public key.
struct AlipayFaceVerifier: FaceVerifier {
    let access: ChannelAccess.Alipay
    let transport: any ChannelTransport

    private var signer: AlipayRequestSigner { AlipayRequestSigner(appID: access.appID, appPrivateKey: access.appPrivateKey) }
    private var verifier: AlipayResponseVerifier { AlipayResponseVerifier(alipayPublicKey: access.alipayPublicKey) }

    func start(_ subject: FaceSubject, reference: String, returnURL: String, at now: Date) async throws -> FaceCertification {
        let parameters = try AlipayUserCertify.initializeParameters(
            outerOrderNo: reference, subject: .init(name: subject.name.rawValue, idNumber: subject.idNumber.digits), returnURL: returnURL,
            signer: signer, at: now)
        let answer = try await transport.send(.form(access.gatewayURL, parameters))
        let id = try AlipayUserCertify.certifyID(fromInitializeResponse: String(decoding: answer.body, as: UTF8.self), verifier: verifier)
        return FaceCertification(
            id: id, url: try AlipayUserCertify.certifyURL(gatewayURL: access.gatewayURL, certifyID: id, signer: signer, at: now))
    }

    func passed(_ id: String, at now: Date) async throws -> Bool {
        let answer = try await transport.send(
            .form(access.gatewayURL, try AlipayUserCertify.queryParameters(certifyID: id, signer: signer, at: now)))
        return try AlipayUserCertify.passed(fromQueryResponse: String(decoding: answer.body, as: UTF8.self), verifier: verifier)
    }
}
