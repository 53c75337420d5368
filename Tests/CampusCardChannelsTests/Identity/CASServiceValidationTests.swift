import CampusCardChannels
import Foundation
import Testing

/// The answers of CAS Protocol 3.0's `/p3/serviceValidate`, as its specification prints them.
@Suite struct CASServiceValidationTests {
    @Test func aSuccessNamesTheUserAndTheAttributesReleased() throws {
        let xml = """
            <cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
             <cas:authenticationSuccess>
              <cas:user>20230001</cas:user>
              <cas:attributes>
                <cas:cn>张三</cas:cn>
                <cas:memberOf>计算机学院</cas:memberOf>
                <cas:memberOf>2023级</cas:memberOf>
              </cas:attributes>
              <cas:proxyGrantingTicket>PGTIOU-84678-8a9d</cas:proxyGrantingTicket>
             </cas:authenticationSuccess>
            </cas:serviceResponse>
            """
        let principal = try CASServiceValidation.principal(fromResponse: Data(xml.utf8))
        #expect(principal.user == "20230001")
        #expect(principal.attributes == ["cn": ["张三"], "memberOf": ["计算机学院", "2023级"]])
    }

    @Test func aFailureIsRefusedWithItsCode() {
        let xml = """
            <cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas">
                <cas:authenticationFailure code="INVALID_TICKET">
                    Ticket ST-1856339-aA5Yuvrxzpv8Tau1cYQ7 not recognized
                </cas:authenticationFailure>
            </cas:serviceResponse>
            """
        #expect(throws: ChannelError.rejected("INVALID_TICKET")) { try CASServiceValidation.principal(fromResponse: Data(xml.utf8)) }
    }

    /// A page that is not the school's answer (a login form, another namespace, an empty user, a
    /// user element outside the success) never names anyone.
    @Test(arguments: [
        "<html><body>登录</body></html>",
        #"<serviceResponse xmlns="urn:other"><authenticationSuccess><user>x</user></authenticationSuccess></serviceResponse>"#,
        #"<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationSuccess><cas:user> </cas:user></cas:authenticationSuccess></cas:serviceResponse>"#,
        #"<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:user>x</cas:user></cas:serviceResponse>"#,
        #"<cas:serviceResponse xmlns:cas="http://www.yale.edu/tp/cas"><cas:authenticationSuccess><cas:user>x"#,
        "",
    ])
    func anythingElseNamesNobody(xml: String) {
        #expect(throws: ChannelError.self) { try CASServiceValidation.principal(fromResponse: Data(xml.utf8)) }
    }

    @Test func theServiceTravelsEncodedSoItsOwnQueryStaysItsOwn() {
        let service = "https://card.example.edu.cn/h5/TSU/signed-in?channel=school_app&state=abc"
        #expect(
            CASServiceValidation.loginURL(server: "https://ids.example.edu.cn/authserver", service: service)
                == "https://ids.example.edu.cn/authserver/login?service=https%3A%2F%2Fcard.example.edu.cn%2Fh5%2FTSU%2Fsigned-in%3Fchannel%3Dschool_app%26state%3Dabc"
        )
        let validate = CASServiceValidation.validateURL(server: "https://ids.example.edu.cn/authserver", service: service, ticket: "ST-1&x")
        #expect(validate.hasPrefix("https://ids.example.edu.cn/authserver/p3/serviceValidate?service=https%3A%2F%2F"))
        #expect(validate.hasSuffix("&ticket=ST-1%26x"))
    }
}
