import CampusCardCore
import Foundation

/// The cardholder's auto top-up (自动代扣) and the service center's view and refund of it.
extension OpenAPIDocument {
    private static func autoTopUp(_ summary: String, body: String?, ok: String = "200", schema: String = "AutoTopUp", _ codes: [String])
        -> [String: Any]
    {
        var operation: [String: Any] = [
            "summary": summary, "security": cardholder, "parameters": [device, bindingID], "responses": responses(ok, schema, codes),
        ]
        if let body { operation["requestBody"] = ["required": true].merging(json(body)) { a, _ in a } }
        return operation
    }

    private nonisolated(unsafe) static let orderNo: [String: Any] = ["name": "order_no", "in": "path", "required": true, "schema": string]
    private nonisolated(unsafe) static let openingNo: [String: Any] = [
        "name": "opening_no", "in": "path", "required": true, "schema": string,
    ]
    private nonisolated(unsafe) static let refusals = ["400", "401", "403", "404", "409", "422", "503"]

    nonisolated(unsafe) static let autoTopUpPaths: [String: Any] = [
        "/api/v1/h5/bindings/{binding_id}/auto-top-up": [
            "get": autoTopUp("The agreement, its debits with their refund windows, its changes, the school's bounds", body: nil, refusals),
            "put": autoTopUp("Change the threshold and amount (within the school's bounds)", body: "AutoTopUpTerms", refusals),
            "delete": autoTopUp("Cancel the agreement; the bank's token is ended", body: nil, refusals),
        ],
        "/api/v1/h5/bindings/{binding_id}/auto-top-up/opening": [
            "post": autoTopUp(
                "Open with a bank card: the bank verifies it and sends its SMS code (UnionPay's token opening, no redirect)",
                body: "AutoTopUpOpeningRequest", ok: "201", schema: "AutoTopUpOpening", refusals)
        ],
        "/api/v1/h5/bindings/{binding_id}/auto-top-up/opening/{opening_no}/verification": [
            "post": [
                "summary": "The bank's SMS code: the bank gives its token, the agreement waits to be signed", "security": cardholder,
                "parameters": [device, bindingID, openingNo],
                "requestBody": ["required": true].merging(json("AutoTopUpVerification")) { a, _ in a },
                "responses": responses("200", "AutoTopUp", refusals),
            ]
        ],
        "/api/v1/h5/bindings/{binding_id}/auto-top-up/opening/{opening_no}/new-code": [
            "post": [
                "summary": "A new SMS code for an opening still waiting: the card kept sealed goes to the bank again as a new opening",
                "security": cardholder, "parameters": [device, bindingID, openingNo],
                "responses": responses("201", "AutoTopUpOpening", refusals),
            ]
        ],
        "/api/v1/h5/bindings/{binding_id}/auto-top-up/signature": [
            "post": autoTopUp(
                "Sign: threshold and amount, payment password and a fresh face certification (started by POST …/bindings/{id}/face-certifications)",
                body: "AutoTopUpSignature",
                refusals + ["423", "429"])
        ],
        "/api/v1/h5/bindings/{binding_id}/auto-top-up/pause": ["post": autoTopUp("Pause the agreement", body: nil, refusals)],
        "/api/v1/h5/bindings/{binding_id}/auto-top-up/resume": [
            "post": autoTopUp("Resume it (under the threshold: a debit starts at once)", body: nil, refusals)
        ],
        "/api/v1/h5/bindings/{binding_id}/auto-top-up/debits/{order_no}/refund": [
            "post": [
                "summary": "Refund an auto-debit to the bank card, until the school's day of the next month; taken from the purse at once",
                "security": cardholder, "parameters": [device, bindingID, orderNo],
                "responses": responses("200", "AutoTopUpRefund", refusals),
            ]
        ],
        "/api/v1/console/cardholders/{staff_number}/auto-top-up": [
            "get": [
                "summary": "A cardholder's auto top-up as the service center sees it", "security": staff, "parameters": [staffNumber],
                "responses": responses("200", "AutoTopUp", ["401", "403", "404"]),
            ]
        ],
        "/api/v1/console/cardholders/{staff_number}/auto-top-up/debits/{order_no}/refund": [
            "post": [
                "summary": "Refund an auto-debit at the service center, inside its window (back to the bank card, never cash)",
                "security": staff, "parameters": [staffNumber, orderNo],
                "responses": responses("200", "AutoTopUpRefund", ["401", "403", "404", "409", "422", "503"]),
            ]
        ],
    ]

    private nonisolated(unsafe) static let dateTime: [String: Any] = ["type": "string", "format": "date-time"]
    private nonisolated(unsafe) static let yuan: [String: Any] = ["type": "string", "pattern": "^[0-9]+(\\.[0-9]{1,2})?$"]

    nonisolated(unsafe) static let autoTopUpSchemas: [String: Any] = [
        "AutoTopUpOpeningRequest": object(["card_number": string, "holder_name": string, "id_number": string, "phone": string]),
        "AutoTopUpOpening": object(["opening_no": string, "masked_phone": string]),
        "AutoTopUpVerification": object(["sms_code": string]),
        "AutoTopUpTerms": object(["threshold": yuan, "amount": yuan]),
        "AutoTopUpSignature": object(["threshold": yuan, "amount": yuan, "payment_password": string, "face_certification_id": string]),
        "AutoTopUpRefund": object([
            "refund_no": string, "order_no": string, "amount": string,
            "status": ["type": "string", "enum": ["requested", "succeeded", "failed"]], "requested_by": string, "at": dateTime,
        ]),
        "AutoTopUp": object(
            [
                "offered": ["type": "boolean"],
                "agreement": object(
                    [
                        "status": ["type": "string", "enum": AutoTopUpStatus.allCases.map(\.rawValue)], "threshold": string,
                        "amount": string,
                        "card_last_four": string, "failures": integer, "next_attempt_at": dateTime, "signed_at": dateTime,
                        "expires_at": dateTime,
                    ], optional: ["next_attempt_at", "signed_at", "expires_at"]),
                "debits": [
                    "type": "array",
                    "items": object(
                        [
                            "order_no": string, "status": ["type": "string", "enum": ["processing", "succeeded", "failed"]],
                            "amount": string,
                            "bank_code": string, "reason": ["type": "string", "enum": AutoDebitReason.allCases.map(\.rawValue)],
                            "reason_zh": string, "at": dateTime, "refund_last_day": ["type": "string", "format": "date"],
                            "refundable": ["type": "boolean"],
                        ], optional: ["bank_code", "reason", "reason_zh", "refund_last_day"]),
                ],
                "refunds": ["type": "array", "items": ["$ref": "#/components/schemas/AutoTopUpRefund"]],
                "changes": ["type": "array", "items": object(["action": string, "actor": string, "detail": string, "at": dateTime])],
                "default_threshold": string, "default_amount": string, "max_threshold": string, "min_amount": string, "max_amount": string,
                "refund_deadline_day": integer, "renewal_month": integer,
            ], optional: ["agreement"]),
    ]
}
