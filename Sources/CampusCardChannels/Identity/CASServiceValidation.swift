import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// CAS 3.0 as the school's sign-on server speaks it (Apereo CAS Protocol 3.0): the browser is
/// sent to `{server}/login?service=…` and comes back to the service with `ticket=ST-…`; the
/// server then asks `{server}/p3/serviceValidate?service=…&ticket=…` itself and reads the XML
/// `<cas:serviceResponse>`. A ticket is good once, for the very service URL it was issued to.
public enum CASServiceValidation {
    public static let namespace = "http://www.yale.edu/tp/cas"

    public static func loginURL(server: String, service: String) -> String {
        "\(server)/login?service=\(FormURLEncoding.percentEncode(service))"
    }

    public static func validateURL(server: String, service: String, ticket: String) -> String {
        "\(server)/p3/serviceValidate?service=\(FormURLEncoding.percentEncode(service))&ticket=\(FormURLEncoding.percentEncode(ticket))"
    }

    /// Who the school says signed in: `<cas:user>` of `<cas:authenticationSuccess>`, with the
    /// attributes it released. `<cas:authenticationFailure code="INVALID_TICKET">` and anything
    /// else are refusals.
    public static func principal(fromResponse data: Data) throws -> CASPrincipal {
        let reader = ResponseReader()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.delegate = reader
        guard parser.parse(), reader.sawServiceResponse else { throw ChannelError.malformedBody("not a CAS serviceResponse") }
        if let failure = reader.failureCode { throw ChannelError.rejected(failure) }
        guard reader.succeeded else { throw ChannelError.malformedBody("neither authenticationSuccess nor authenticationFailure") }
        let user = reader.user.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !user.isEmpty else { throw ChannelError.missingField("cas:user") }
        return CASPrincipal(user: user, attributes: reader.attributes)
    }

    /// Walks the response keeping the path of CAS elements: `user` and the `attributes` children
    /// directly under `authenticationSuccess`; text elsewhere (a proxy granting ticket) is ignored.
    private final class ResponseReader: NSObject, XMLParserDelegate {
        var path: [String] = []
        var sawServiceResponse = false
        var succeeded = false
        var failureCode: String?
        var user = ""
        var attributes: [String: [String]] = [:]
        var text = ""

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            guard namespaceURI == CASServiceValidation.namespace else {
                path.append("?")
                return
            }
            path.append(name)
            text = ""
            switch path {
            case ["serviceResponse"]: sawServiceResponse = true
            case ["serviceResponse", "authenticationSuccess"]: succeeded = true
            case ["serviceResponse", "authenticationFailure"]: failureCode = attributes["code"] ?? "UNKNOWN"
            default: break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            text += string
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            defer { path.removeLast() }
            if path == ["serviceResponse", "authenticationSuccess", "user"] {
                user = text
            } else if path.count == 4, Array(path.prefix(3)) == ["serviceResponse", "authenticationSuccess", "attributes"] {
                attributes[name, default: []].append(text.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            text = ""
        }
    }
}

/// Who a CAS server vouched for, and what it released about them (姓名, 院系 …).
public struct CASPrincipal: Equatable, Sendable {
    public var user: String
    public var attributes: [String: [String]]
}
