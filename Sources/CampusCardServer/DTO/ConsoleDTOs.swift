import CampusCardCore
import CampusCardStore
import Vapor

struct SignInDTO: Content {
    var username: String
    var password: String
}

struct SessionDTO: Content {
    var token: String
    var username: String
    var display_name: String
    var role: String
}

struct AuditDTO: Content {
    var holds: Bool
    var accounts_checked: Int
    var transfers_checked: Int
    var violations: [String]

    init(_ audit: LedgerAudit) {
        holds = audit.holds
        accounts_checked = audit.accountsChecked
        transfers_checked = audit.transfersChecked
        violations = audit.violations.map(\.description)
    }
}
