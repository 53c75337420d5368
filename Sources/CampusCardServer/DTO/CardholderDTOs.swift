import CampusCardCore
import CampusCardServices
import CampusCardStore
import Vapor

struct CampusDTO: Content {
    var code: String
    var name: String
}

struct SchoolDTO: Content {
    var code: String
    var name: String
    var campuses: [CampusDTO]
}

struct OpenCardholderSessionDTO: Content {
    var channel: String
    var auth_code: String
    var device_id: String
}

struct CardholderSessionDTO: Content {
    var token: String
    var expires_at: Date
    var channel: String
    var device_id: String
    var bindings: [BindingDTO]
}

struct BindRequestDTO: Content {
    var school: String
    var campus: String?
    var staff_number: String
    var name: String
    /// Last 6 characters of the national ID, X as 0; international students give `passport_number`.
    var initial_password: String?
    var passport_number: String?
    var payment_password: String
    /// The face certification the server started (`POST /api/v1/h5/face-certifications`), since
    /// completed on the provider's page.
    var face_certification_id: String
}

/// The face step: the holder named (binding) or the binding's own, and the ID number typed,
/// which goes to the face provider only. `return_url`: where the provider sends the phone back.
struct FaceCertificationRequestDTO: Content {
    var school: String
    var staff_number: String
    var name: String
    var id_number: String
    var return_url: String
}

struct BoundFaceCertificationRequestDTO: Content {
    var id_number: String
    var return_url: String
}

struct FaceCertificationDTO: Content {
    var certification_id: String
    /// The provider's page the phone opens.
    var url: String

    init(_ started: FaceCheck.Started) {
        (certification_id, url) = (started.certificationID, started.url)
    }
}

struct BindingDTO: Content {
    var id: Int64
    var school: String
    var school_name: String
    var channel: String
    var staff_number: String
    var name: String
    var card_number: String?
    var card_status: String?
    var bound_at: Date

    init(_ binding: BindingRecord) {
        id = binding.id
        school = binding.school.rawValue
        school_name = binding.schoolName
        channel = binding.identity.channel.rawValue
        staff_number = binding.staffNumber
        name = binding.name
        card_number = binding.card?.rawValue
        card_status = binding.cardStatus?.rawValue
        bound_at = binding.createdAt
    }
}

/// What a bound cardholder sees first: the card, its balance and the latest records.
struct CardSummaryDTO: Content {
    var binding: BindingDTO
    var balance_fen: Int64
    var balance: String
    var records: [RecordDTO]

    init(_ summary: CardBinding.Summary) {
        binding = BindingDTO(summary.binding)
        balance_fen = summary.balance.fen
        balance = summary.balance.description
        records = summary.records.map(RecordDTO.init)
    }
}

struct DeviceDTO: Content {
    var device_id: String
    var verified_at: Date?
    var revoked_at: Date?
    var first_seen_at: Date
    var this_device: Bool
}

struct DeviceVerificationDTO: Content {
    var payment_password: String
    var face_certification_id: String
}

struct RosterCorrectionDTO: Content {
    var name: String?
    var campus: String?
    var passport_number: String?
}
