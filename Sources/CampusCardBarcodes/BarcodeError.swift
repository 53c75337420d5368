/// Why a barcode could not be produced.
public enum BarcodeError: Error {
    /// zint rejected the input or options; the payload is zint's own message (or ours for empty input).
    case encodeFailed(String)
}
