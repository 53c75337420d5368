import CampusCardChannels
import CampusCardCore
import CampusCardServer
import CampusCardWeb
import Vapor

/// The face providers, played locally, in their own formats:
/// - `GET {base}/alipay/gateway.do?method=alipay.user.certify.open.certify&…`: Alipay's
///   certification page, the request signature checked with our app's public key
///   (`initialize` and `query` are answered by the gateway's POST, `SandboxRoutes`);
/// - `POST {base}/tencent/faceid`: Tencent Cloud FaceID (`DetectAuth`, `GetDetectInfoEnhanced`),
///   the TC3-HMAC-SHA256 signature checked with the sandbox's Tencent Cloud key;
/// - `GET {base}/tencent/face?token=`: FaceID's H5 page;
/// - `POST {base}/face-checks/{id}` (`passed` true or false, form or JSON): the tester's choice on
///   either page, which sends the phone back to the return URL (a form) or answers 204 (JSON).
struct SandboxFaceRoutes: RouteCollection {
    let sandbox: SandboxGateway

    func boot(routes: any RoutesBuilder) throws {
        let base = sandbox.mounted(on: routes)
        base.get("alipay", "gateway.do", use: alipayCertifyPage)
        base.post("tencent", "faceid", use: tencentFaceID)
        base.get("tencent", "face", use: tencentFacePage)
        base.post("face-checks", ":id", use: decide)
    }

    func alipayCertifyPage(req: Request) async throws -> Response {
        let parameters = try FormURLEncoding.decode(req.url.query ?? "")
        guard (try? AlipayRequestVerifier(appPublicKey: sandbox.appKey.verifyingKey).verify(parameters)) != nil,
            parameters["app_id"] == sandbox.alipayAppID, parameters["method"] == AlipayUserCertify.certifyMethod,
            let id = try? AlipayUserCertify.certifyID(of: parameters), await sandbox.faceChecks.check(id, of: .alipay) != nil
        else { throw Abort(.badRequest, reason: "not a signed alipay.user.certify.open.certify of a started certification") }
        return page(id, channel: "支付宝 Alipay")
    }

    func tencentFacePage(req: Request) async throws -> Response {
        guard let token = req.query[String.self, at: "token"], await sandbox.faceChecks.check(token, of: .tencent) != nil else {
            throw Abort(.badRequest, reason: "unknown BizToken")
        }
        return page(token, channel: "腾讯云慧眼 Tencent FaceID")
    }

    func tencentFaceID(req: Request) async throws -> Response {
        let payload = req.body.string ?? ""
        guard let action = req.headers.first(name: "X-TC-Action"),
            let timestamp = req.headers.first(name: "X-TC-Timestamp").flatMap(Int64.init),
            req.headers.first(name: "X-TC-Version") == TencentFaceID.version,
            sandbox.tencentSigner.isValid(
                authorization: req.headers.first(name: .authorization) ?? "", host: sandbox.tencentHost, payload: payload,
                timestamp: timestamp),
            abs(req.now.timeIntervalSince1970 - Double(timestamp)) <= 300
        else {
            return json(try TencentFaceID.errorResponse(code: "AuthFailure.SignatureFailure", message: "signature mismatch"))
        }
        switch action {
        case TencentFaceID.detectAuth:
            let request = try JSONDecoder().decode(TencentFaceID.DetectAuthRequest.self, from: Data(payload.utf8))
            guard request.RuleId == sandbox.tencentRuleID, (try? NationalID(request.IdCard)) != nil, !request.Name.isEmpty else {
                return json(try TencentFaceID.errorResponse(code: "InvalidParameter", message: "RuleId, IdCard or Name"))
            }
            let token = await sandbox.faceChecks.start(.tencent, returnURL: request.RedirectUrl)
            // A server elsewhere (`campuscard sandbox`) sends the phone here; one it is mounted in, to its own path.
            let origin = req.headers.first(name: .host).map { "http://\($0)" } ?? ""
            return json(
                try TencentFaceID.detectAuthResponse(bizToken: token, url: "\(origin)\(sandbox.basePath)/tencent/face?token=\(token)"))
        case TencentFaceID.getDetectInfo:
            let request = try JSONDecoder().decode(TencentFaceID.GetDetectInfoRequest.self, from: Data(payload.utf8))
            guard let check = await sandbox.faceChecks.check(request.BizToken, of: .tencent) else {
                return json(try TencentFaceID.errorResponse(code: "InvalidParameterValue.BizTokenIllegal", message: "BizToken"))
            }
            return json(try TencentFaceID.getDetectInfoResponse(passed: check.passed))
        default:
            return json(try TencentFaceID.errorResponse(code: "InvalidAction", message: action))
        }
    }

    func decide(req: Request) async throws -> Response {
        let form = try req.content.decode([String: String].self)
        guard let id = req.parameters.get("id"), let back = await sandbox.faceChecks.decide(id, passed: form["passed"] == "true") else {
            throw Abort(.conflict, reason: "no certification waiting for its outcome")
        }
        if req.headers.contentType == .json { return Response(status: .noContent) }
        return req.redirect(to: back, redirectType: .normal)
    }

    private func page(_ id: String, channel: String) -> Response {
        SandboxConsentPages.page("\(channel) · 人脸识别（沙箱）") {
            el("p") { "沙箱：不拍照，选择结果即可。Sandbox: no camera, choose the outcome." }
            el("form", Attribute("method", "post"), Attribute("action", "\(sandbox.basePath)/face-checks/\(id)")) {
                el("button", .type("submit"), .name("passed"), .value("true"), .id("face-pass")) { "识别通过 Pass" }
                el("button", .type("submit"), .name("passed"), .value("false"), .id("face-fail")) { "识别失败 Fail" }
            }
        }
    }

    private func json(_ body: String) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(headers: headers, body: .init(string: body))
    }
}
