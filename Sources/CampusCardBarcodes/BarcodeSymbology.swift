import CZint

/// The symbologies CampusCard prints on cards and receipts.
public enum BarcodeSymbology: Sendable {
    /// Linear code for handheld laser scanners; zint picks set C for digit runs, so 18 digits fit in 9 symbol characters.
    case code128
    /// 2D code for phone cameras, error-correction level M.
    case qr

    /// zint's symbology id.
    var zintID: Int32 {
        switch self {
        case .code128: BARCODE_CODE128
        case .qr: BARCODE_QRCODE
        }
    }

    /// Quiet zone in modules: ISO/IEC 15417 asks 10X for Code 128, ISO/IEC 18004 asks 4X for QR.
    var quietZone: Int32 {
        switch self {
        case .code128: 10
        case .qr: 4
        }
    }
}
