import CampusCardChannels
import Foundation

/// Tencent Cloud FaceID's H5 face check (`DetectAuth`, then `GetDetectInfoEnhanced`), each call
/// signed TC3-HMAC-SHA256 with the deployment's Tencent Cloud key.
struct TencentFaceVerifier: FaceVerifier {
    let access: ChannelAccess.FaceID
    let transport: any ChannelTransport

    func start(_ subject: FaceSubject, reference: String, returnURL: String, at now: Date) async throws -> FaceCertification {
        let body = try TencentFaceID.detectAuthBody(
            ruleID: access.ruleID, name: subject.name.rawValue, idNumber: subject.idNumber.digits, redirectURL: returnURL, extra: reference)
        let started = try TencentFaceID.started(fromResponse: try await call(TencentFaceID.detectAuth, body, at: now))
        return FaceCertification(id: started.bizToken, url: started.url)
    }

    func passed(_ id: String, at now: Date) async throws -> Bool {
        let body = try TencentFaceID.getDetectInfoBody(bizToken: id, ruleID: access.ruleID)
        return try TencentFaceID.passed(fromResponse: try await call(TencentFaceID.getDetectInfo, body, at: now))
    }

    private func call(_ action: String, _ body: String, at now: Date) async throws -> Data {
        let headers = access.signer.headers(
            action: action, version: TencentFaceID.version, region: nil, host: access.host, payload: body, at: now)
        return try await transport.send(ChannelCall(method: "POST", url: access.url, headers: headers, body: Data(body.utf8))).body
    }
}
