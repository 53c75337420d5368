import CampusCardChannels
import CampusCardCore
import CampusCardStore
import Foundation

/// Binding a card (SPEC "Binding"), the card it gives access to, and the devices that use it
/// (换机: a new phone verifies again; the binding stays).
public struct CardBinding: Sendable {
    let context: ServiceContext

    public init(_ context: ServiceContext) {
        self.context = context
    }

    /// What the cardholder typed, as text: every field is checked here, for every door.
    public struct Form: Sendable {
        public var school: String
        public var campus: String?
        public var staffNumber: String
        public var name: String
        /// Last 6 characters of the national ID, X as 0; international students give `passport`.
        public var initialPassword: String?
        public var passport: String?
        public var paymentPassword: String
        /// The face certification the server started for this holder (`FaceCheck.start`), which
        /// the cardholder has since completed on the provider's page.
        public var faceCertification: String

        public init(
            school: String, campus: String?, staffNumber: String, name: String, initialPassword: String?, passport: String?,
            paymentPassword: String, faceCertification: String
        ) {
            (self.school, self.campus, self.staffNumber, self.name) = (school, campus, staffNumber, name)
            (self.initialPassword, self.passport, self.paymentPassword, self.faceCertification) = (
                initialPassword, passport, paymentPassword, faceCertification
            )
        }
    }

    /// The card a binding gives: its balance and latest records.
    public struct Summary: Sendable {
        public var binding: BindingRecord
        public var balance: Money
        public var records: [PurseRecord]
    }

    /// `address`: the client's, counted against the binding limit per address (nil: not known).
    public func bind(_ form: Form, session: CardholderSession, from address: String?) async throws -> Summary {
        guard let code = SchoolCode(rawValue: form.school), let school = try await SchoolStore(context.store.sql).find(code) else {
            throw CardError.unknownSchool(String(form.school.prefix(32)))
        }
        if let address {
            try await RateLimiter(context.store).admit(
                [RateCounter(.binding, per: .address, address, limit: context.rateLimits.bindingPerAddress)], at: context.now,
                timeZone: school.timeZone)
        }
        try await ServiceNotices(context.store, .maintenanceWindow).ensureOpen(school, at: context.now)
        let application = try Self.application(form, school: code, settings: school.settings)
        let binding = try await CardBinder(context.store, secrets: context.masterKey.cardSecrets).bind(
            application, school: school, identity: session.identity, device: session.device,
            face: { try await FaceCheck(context).verifyFace(form.faceCertification, session: session) }, at: context.now)
        return try await summary(binding)
    }

    public func summary(_ binding: BindingRecord) async throws -> Summary {
        let balance = try await LedgerStore(context.store.sql).balance(of: binding.purse.id)
        let records = try await PurseRecords(context.store.sql).page(of: binding.purse.id, .init(limit: 10))
        return Summary(binding: binding, balance: balance, records: records)
    }

    public func list(of session: CardholderSession) async throws -> [BindingRecord] {
        try await Bindings(context.store).list(of: session.identity)
    }

    public func remove(_ binding: BindingRecord) async throws {
        try await Bindings(context.store).remove(binding)
    }

    /// A new phone proves it is the cardholder again: payment password and a fresh face certification.
    public func verifyDevice(of binding: BindingRecord, session: CardholderSession, paymentPassword: String, faceCertification: String)
        async throws -> Summary
    {
        let face = try await FaceCheck(context).verifyFace(faceCertification, session: session)
        try await Bindings(context.store).verify(
            session.device, of: binding, paymentPassword: paymentPassword, face: face, at: context.now)
        return try await summary(binding)
    }

    /// The current payment password, then the new one twice (SPEC "Binding" rules for choosing one).
    public func changePaymentPassword(of binding: BindingRecord, current: String, new: String, again: String) async throws {
        guard [current, new, again].allSatisfy({ $0.count <= 16 }) else { throw CardError.paymentPasswordFormat }
        try await PaymentPasswordChanger(context.store, secrets: context.masterKey.cardSecrets).change(
            binding, current: current, new: new, again: again, at: context.now)
    }

    public func devices(of binding: BindingRecord) async throws -> [BoundDevice] {
        try await Bindings(context.store).devices(of: binding)
    }

    public func revoke(device text: String, of binding: BindingRecord) async throws {
        let device = try DeviceID(text)
        guard try await Bindings(context.store).revoke(device, of: binding, at: context.now) else { throw CardError.notFound("device") }
    }

    /// Every field checked for its form (the 学工号 by the school's rule) before the roster is read.
    static func application(_ form: Form, school: SchoolCode, settings: SchoolSettings) throws -> BindApplication {
        let campus = try form.campus.map { text in
            guard let campus = CampusCode(rawValue: text) else { throw CardError.unknownCampus(String(text.prefix(32))) }
            return campus
        }
        let proof: BindApplication.Proof =
            switch (form.initialPassword, form.passport) {
            case (let password?, nil): .initialPassword(try BindApplication.initialPassword(password))
            case (nil, let passport?): .passport(try PassportNumber(passport))
            default:
                throw CardError.invalidField(
                    "initial_password", zh: "请填写初始密码（留学生填写护照号），二者只填其一",
                    en: "give the initial password, or (international students) the passport number: one of them")
            }
        guard form.paymentPassword.count <= 16, form.faceCertification.utf8.count <= 64 else {
            throw CardError.malformedRequest("payment_password or face_certification_id is too long")
        }
        return BindApplication(
            school: school, campus: campus, staffNumber: try StaffNumber(form.staffNumber, digits: settings.staffNumberDigits),
            name: try RealName(form.name), proof: proof, paymentPassword: form.paymentPassword)
    }
}
