import Foundation

/// One validated line of a school's roster: who may hold a card, and the secret that proves it.
public struct RosterEntry: Sendable {
    public var staffNumber: StaffNumber
    public var name: RealName
    public var kind: CardholderKind
    public var campus: CampusCode?
    /// Last six ID characters with X → 0; nil for international students, who bind with their
    /// registered passport number instead.
    public var initialPassword: String?
    public var passport: PassportNumber?
    public var leaveDate: LocalDate?
    public var cardNumber: CardNumber

    /// The roster columns, by their English and Chinese header names.
    public enum Column: String, CaseIterable, Sendable {
        case staffNumber = "staff_number"
        case name
        case kind
        case campus
        case nationalID = "national_id"
        case passport
        case leaveDate = "leave_date"
        case cardNumber = "card_number"

        public var chineseHeader: String {
            switch self {
            case .staffNumber: "学工号"
            case .name: "姓名"
            case .kind: "类别"
            case .campus: "校区"
            case .nationalID: "身份证号"
            case .passport: "护照号"
            case .leaveDate: "离校日期"
            case .cardNumber: "卡号"
            }
        }

        /// A file without one of these columns is refused whole.
        public var isRequired: Bool { [.staffNumber, .name, .kind].contains(self) }

        public init?(header: String) {
            let trimmed = header.trimmingCharacters(in: .whitespaces).lowercased()
            guard let column = Self.allCases.first(where: { $0.rawValue == trimmed || $0.chineseHeader == trimmed })
            else { return nil }
            self = column
        }
    }

    /// Validates a row given as column → raw text. Kinds accept English or Chinese
    /// (学生, 教职工, 留学生). The first problem found is thrown; no field's value is echoed
    /// back for the national ID.
    public init(fields: [Column: String], settings: SchoolSettings) throws(CardError) {
        func text(_ column: Column) -> String? {
            guard let value = fields[column]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
            return value
        }
        staffNumber = try StaffNumber(text(.staffNumber) ?? "", digits: settings.staffNumberDigits)
        name = try RealName(text(.name) ?? "")
        guard let parsedKind = text(.kind).flatMap(Self.kind(named:)) else {
            throw .invalidField(
                "kind", zh: "类别应为 student/staff/international（学生/教职工/留学生）", en: "kind must be student, staff or international")
        }
        kind = parsedKind
        if let campusText = text(.campus) {
            guard let code = CampusCode(rawValue: campusText.uppercased()) else { throw .unknownCampus(campusText) }
            campus = code
        }
        if let passportText = text(.passport) { passport = try PassportNumber(passportText) }
        switch kind {
        case .international:
            initialPassword = nil
            if text(.nationalID) != nil {
                throw .invalidField(
                    "national_id", zh: "留学生不填身份证号，请填护照号", en: "international students give a passport number, not a national ID")
            }
        case .student, .staff:
            guard let id = text(.nationalID) else { throw .nationalIDInvalid }
            initialPassword = try NationalID(id).initialPassword
        }
        if let dateText = text(.leaveDate) {
            guard let date = LocalDate(dateText) else {
                throw .invalidField("leave_date", zh: "离校日期格式应为 YYYY-MM-DD", en: "leave_date must be YYYY-MM-DD")
            }
            leaveDate = date
        }
        if let numberText = text(.cardNumber) {
            guard let number = CardNumber(rawValue: numberText.uppercased()) else {
                throw .invalidField("card_number", zh: "卡号应为4–32位数字或大写字母", en: "card_number must be 4–32 digits or capital letters")
            }
            cardNumber = number
        } else {
            cardNumber = CardNumber(rawValue: staffNumber.rawValue)!
        }
    }

    private static func kind(named name: String) -> CardholderKind? {
        switch name.lowercased() {
        case "student", "学生": .student
        case "staff", "教职工", "教工": .staff
        case "international", "留学生", "国际学生": .international
        default: nil
        }
    }
}
