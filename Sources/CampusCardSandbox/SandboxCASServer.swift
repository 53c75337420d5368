import CampusCardChannels
import CampusCardCore
import CampusCardWeb
import Vapor

/// A school's CAS 3.0 server, played locally as Apereo CAS answers:
/// - `GET {base}/school/cas/login?service=…`: the sign-on page; signing in sends the browser to the
///   service with `ticket=ST-…`;
/// - `GET {base}/school/cas/p3/serviceValidate?service=…&ticket=…`: the XML `cas:serviceResponse`,
///   success with `cas:user` and attributes, or `INVALID_TICKET` / `INVALID_SERVICE` /
///   `INVALID_REQUEST`. A ticket is good once, for five minutes, for the service it was issued to.
/// A school's settings point here with `{"protocol":"cas","server_url":"{base}/school/cas"}`.
struct SandboxCASServer: RouteCollection {
    struct Ticket: Sendable {
        var user: String
        var service: String
    }

    let sandbox: SandboxGateway

    func boot(routes: any RoutesBuilder) throws {
        let cas = sandbox.mounted(on: routes).grouped("school", "cas")
        cas.get("login", use: loginPage)
        cas.post("login", use: login)
        cas.get("p3", "serviceValidate", use: serviceValidate)
    }

    func loginPage(req: Request) throws -> Response {
        let service = req.query[String.self, at: "service"] ?? ""
        return SandboxConsentPages.page("统一身份认证（沙箱）CAS sign-on") {
            el("p") { "沙箱：输入学工号即登录，不核对密码。Sandbox: any 学工号 signs in, no password checked." }
            el("form", Attribute("method", "post")) {
                void("input", [.type("hidden"), .name("service"), .value(service)])
                el("label", .for("username")) { "学工号 username" }
                void("input", [.id("username"), .name("username"), .type("text"), .required])
                el("button", .type("submit"), .id("sign-on")) { "登录 Sign in" }
            }
        }
    }

    func login(req: Request) async throws -> Response {
        let form = try req.content.decode([String: String].self)
        guard let service = form["service"], !service.isEmpty, let user = form["username"], (1...64).contains(user.count) else {
            throw Abort(.badRequest, reason: "service and username are required")
        }
        let ticket = await sandbox.casTickets.issue(Ticket(user: user, service: service), prefix: "ST-", at: req.now)
        return req.redirect(to: SandboxConsentPages.appending(service, [("ticket", ticket)]), redirectType: .normal)
    }

    func serviceValidate(req: Request) async throws -> Response {
        let (service, ticket) = (req.query[String.self, at: "service"], req.query[String.self, at: "ticket"])
        let body: String
        if let service, let ticket {
            switch await sandbox.casTickets.redeem(ticket, at: req.now) {
            case .some(let issued) where issued.service == service: body = Self.success(user: issued.user)
            case .some: body = Self.failure("INVALID_SERVICE", "Ticket \(ticket) was not issued for this service")
            case .none: body = Self.failure("INVALID_TICKET", "Ticket \(ticket) not recognized")
            }
        } else {
            body = Self.failure("INVALID_REQUEST", "'service' and 'ticket' parameters are both required")
        }
        var headers = HTTPHeaders()
        headers.contentType = .xml
        return Response(headers: headers, body: .init(string: body))
    }

    static func success(user: String) -> String {
        """
        <cas:serviceResponse xmlns:cas="\(CASServiceValidation.namespace)">
          <cas:authenticationSuccess>
            <cas:user>\(escaped(user))</cas:user>
            <cas:attributes>
              <cas:isFromNewLogin>true</cas:isFromNewLogin>
              <cas:authenticationMethod>sandbox</cas:authenticationMethod>
            </cas:attributes>
          </cas:authenticationSuccess>
        </cas:serviceResponse>
        """
    }

    static func failure(_ code: String, _ message: String) -> String {
        """
        <cas:serviceResponse xmlns:cas="\(CASServiceValidation.namespace)">
          <cas:authenticationFailure code="\(code)">\(escaped(message))</cas:authenticationFailure>
        </cas:serviceResponse>
        """
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}

/// What the sandbox's sign-on servers handed out (CAS service tickets, OIDC codes): each good
/// once, for five minutes; what it was issued for is the caller's to check.
actor SandboxGrants<Grant: Sendable> {
    private var issued: [String: (grant: Grant, expires: Date)] = [:]

    func issue(_ grant: Grant, prefix: String, at now: Date) -> String {
        if issued.count > 1_000 { issued = issued.filter { $0.value.expires > now } }
        let code = prefix + RandomNonce.make(length: 32)
        issued[code] = (grant, now.addingTimeInterval(300))
        return code
    }

    func redeem(_ code: String, at now: Date) -> Grant? {
        guard let entry = issued.removeValue(forKey: code), entry.expires > now else { return nil }
        return entry.grant
    }
}
