import Foundation

/// What a cardholder types to bind a card (SPEC "Binding"), validated field by field before
/// anything is looked up.
public struct BindApplication: Sendable {
    public var school: SchoolCode
    public var campus: CampusCode?
    public var staffNumber: StaffNumber
    public var name: RealName
    public var proof: Proof
    public var paymentPassword: String

    /// What proves the card is theirs: the national-ID password, or the registered passport.
    public enum Proof: Sendable, Equatable {
        case initialPassword(String)
        case passport(PassportNumber)
    }

    public init(
        school: SchoolCode, campus: CampusCode?, staffNumber: StaffNumber, name: RealName, proof: Proof, paymentPassword: String
    ) {
        (self.school, self.campus, self.staffNumber, self.name, self.proof, self.paymentPassword) = (
            school, campus, staffNumber, name, proof, paymentPassword
        )
    }

    /// The initial password as typed: six characters, X (any case) written as 0 per SPEC.
    public static func initialPassword(_ text: String) throws(CardError) -> String {
        let normalized = text.uppercased().replacingOccurrences(of: "X", with: "0")
        guard normalized.count == 6, normalized.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }) else {
            throw .invalidField(
                "initial_password", zh: "初始密码为身份证号后6位（X 记作 0）",
                en: "the initial password is the last 6 characters of the national ID, X written as 0")
        }
        return normalized
    }
}
