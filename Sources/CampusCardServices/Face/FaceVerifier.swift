import CampusCardCore
import Foundation

/// A channel's face check, asked by the server (issue 21): the server starts a certification of
/// the holder it names, the cardholder's phone is sent to the provider's page, and the server asks
/// the provider the outcome itself. Nothing the phone carries back is trusted.
public protocol FaceVerifier: Sendable {
    /// Starts a certification of `subject`. `reference` is ours (unique, 32 letters and digits at
    /// most); `returnURL` is where the provider sends the phone back.
    func start(_ subject: FaceSubject, reference: String, returnURL: String, at now: Date) async throws -> FaceCertification
    /// Whether the certification `id` passed, as the provider answers the server.
    func passed(_ id: String, at now: Date) async throws -> Bool
}

/// Who a certification is for: the roster's name and the ID number the cardholder typed.
public struct FaceSubject: Sendable {
    public var name: RealName
    public var idNumber: NationalID

    public init(name: RealName, idNumber: NationalID) {
        (self.name, self.idNumber) = (name, idNumber)
    }
}

/// A started certification: the provider's id for it and the page the phone is sent to.
public struct FaceCertification: Sendable, Equatable {
    public var id: String
    public var url: String

    public init(id: String, url: String) {
        (self.id, self.url) = (id, url)
    }
}

extension ChannelAccess {
    /// The face check of each channel: Alipay's own certification; Tencent Cloud FaceID for
    /// WeChat, and for the school app, whose sign-on (CAS, or an OpenID provider without a face
    /// step) cannot vouch for a face. Nil when the channel's face check is not set up.
    public func faceVerifier(of channel: BindingChannel, transport: any ChannelTransport) -> (any FaceVerifier)? {
        switch channel {
        case .alipay: AlipayFaceVerifier(access: alipay, transport: transport)
        case .wechat, .schoolApp: faceID.map { TencentFaceVerifier(access: $0, transport: transport) }
        }
    }
}
