import CampusCardCore
import Foundation

/// The cardholder's API (H5 pages inside a channel) and the counter's roster corrections.
extension OpenAPIDocument {
    static func responses(_ ok: String, _ schema: String?, _ codes: [String]) -> [String: Any] {
        var answer: [String: Any] = [:]
        for code in codes { answer[code] = ["423", "429"].contains(code) ? retryLater : error }
        answer[ok] = schema.map { ["description": "done"].merging(json($0)) { a, _ in a } } ?? ["description": "done"]
        return answer
    }

    nonisolated(unsafe) static let device: [String: Any] = [
        "name": "X-Device-ID", "in": "header", "required": true,
        "schema": ["type": "string", "minLength": 8, "maxLength": 64, "pattern": "^[A-Za-z0-9._-]+$"],
    ]
    nonisolated(unsafe) static let bindingID: [String: Any] = [
        "name": "binding_id", "in": "path", "required": true, "schema": integer,
    ]
    nonisolated(unsafe) static let staffNumber: [String: Any] = [
        "name": "staff_number", "in": "path", "required": true, "schema": string,
    ]
    nonisolated(unsafe) static let cardholder: [[String: Any]] = [["cardholderToken": []]]
    nonisolated(unsafe) static let staff: [[String: Any]] = [["staffToken": []]]

    nonisolated(unsafe) static let cardholderPaths: [String: Any] = [
        "/api/v1/h5/schools": [
            "get": ["summary": "Schools and their campuses, to choose from when binding", "responses": responses("200", "Schools", [])]
        ],
        "/api/v1/h5/sessions": [
            "post": [
                "summary": "Sign in with the channel's auth_code (exchanged server to server) on one device",
                "requestBody": ["required": true].merging(json("OpenCardholderSession")) { a, _ in a },
                "responses": responses("200", "CardholderSession", ["400", "401", "422"]),
            ],
            "delete": [
                "summary": "Sign out", "security": cardholder, "parameters": [device],
                "responses": responses("204", nil, ["401"]),
            ],
        ],
        "/api/v1/h5/bindings": [
            "get": [
                "summary": "The cards this channel account has bound", "security": cardholder, "parameters": [device],
                "responses": [
                    "200": [
                        "description": "bindings",
                        "content": ["application/json": ["schema": ["type": "array", "items": ["$ref": "#/components/schemas/Binding"]]]],
                    ],
                    "401": error,
                ],
            ],
            "post": [
                "summary":
                    "Bind a card: roster answers, payment password, a face certification the server started and the cardholder passed",
                "security": cardholder, "parameters": [device],
                "requestBody": ["required": true].merging(json("Bind")) { a, _ in a },
                "responses": responses("200", "CardSummary", ["400", "401", "404", "409", "422", "423", "429"]),
            ],
        ],
        "/api/v1/h5/bindings/{binding_id}": [
            "get": [
                "summary": "The bound card: balance and latest records (a verified device only)", "security": cardholder,
                "parameters": [device, bindingID], "responses": responses("200", "CardSummary", ["400", "401", "403", "404"]),
            ],
            "delete": [
                "summary": "Remove the binding (the card and its money stay)", "security": cardholder,
                "parameters": [device, bindingID], "responses": responses("204", nil, ["400", "401", "403", "404"]),
            ],
        ],
        "/api/v1/h5/face-certifications": [
            "post": [
                "summary": "Start the channel's face certification of the roster holder named (the ID number goes to the provider only)",
                "security": cardholder, "parameters": [device],
                "requestBody": ["required": true].merging(json("StartFaceCertification")) { a, _ in a },
                "responses": responses("200", "FaceCertification", ["400", "401", "404", "422", "423", "503"]),
            ]
        ],
        "/api/v1/h5/bindings/{binding_id}/face-certifications": [
            "post": [
                "summary": "Start the channel's face certification of the binding's holder (a new phone)", "security": cardholder,
                "parameters": [device, bindingID],
                "requestBody": ["required": true].merging(json("StartBoundFaceCertification")) { a, _ in a },
                "responses": responses("200", "FaceCertification", ["400", "401", "403", "404", "422", "423", "503"]),
            ]
        ],
        "/api/v1/h5/bindings/{binding_id}/verification": [
            "post": [
                "summary": "A new phone verifies: payment password and a fresh face certification (换机)", "security": cardholder,
                "parameters": [device, bindingID], "requestBody": ["required": true].merging(json("DeviceVerification")) { a, _ in a },
                "responses": responses("200", "CardSummary", ["400", "401", "403", "404", "409", "422", "423", "429"]),
            ]
        ],
        "/api/v1/h5/bindings/{binding_id}/devices": [
            "get": [
                "summary": "The phones that used this binding", "security": cardholder, "parameters": [device, bindingID],
                "responses": [
                    "200": [
                        "description": "devices",
                        "content": ["application/json": ["schema": ["type": "array", "items": ["$ref": "#/components/schemas/Device"]]]],
                    ],
                    "400": error, "401": error, "403": error, "404": error,
                ],
            ]
        ],
        "/api/v1/h5/bindings/{binding_id}/devices/{device_id}": [
            "delete": [
                "summary": "Revoke a phone: it stops working at once", "security": cardholder,
                "parameters": [device, bindingID, ["name": "device_id", "in": "path", "required": true, "schema": string]],
                "responses": responses("204", nil, ["400", "401", "403", "404", "422"]),
            ]
        ],
        "/api/v1/h5/bindings/{binding_id}/top-up-options": [
            "get": [
                "summary": "What a top-up would cost: presets with fees, the custom range, the limits and what is left today",
                "security": cardholder, "parameters": [device, bindingID],
                "responses": responses("200", "TopUpOptions", ["400", "401", "403", "404"]),
            ]
        ],
        "/api/v1/h5/bindings/{binding_id}/top-ups": [
            "post": [
                "summary": "Order a top-up (limit reserved) and get the channel's cashier parameters; idempotent by request_id",
                "security": cardholder, "parameters": [device, bindingID],
                "requestBody": ["required": true].merging(json("TopUpRequest")) { a, _ in a },
                "responses": [
                    "201": ["description": "ordered"].merging(json("TopUpOrder")) { a, _ in a },
                    "200": ["description": "a retry: the order as it stands"].merging(json("TopUpOrder")) { a, _ in a },
                    "400": error, "401": error, "403": error, "404": error, "409": error, "422": error, "503": error,
                    "429": retryLater,
                ],
            ],
            "get": [
                "summary": "The cardholder's top-up orders, newest first", "security": cardholder, "parameters": [device, bindingID],
                "responses": [
                    "200": [
                        "description": "orders",
                        "content": [
                            "application/json": ["schema": ["type": "array", "items": ["$ref": "#/components/schemas/TopUpOrder"]]]
                        ],
                    ],
                    "400": error, "401": error, "403": error, "404": error,
                ],
            ],
        ],
        "/api/v1/h5/bindings/{binding_id}/top-ups/{order_no}": [
            "get": [
                "summary": "One order: its state (created, awaiting_payment, paid, credited, failed, closed) and expected arrival",
                "security": cardholder,
                "parameters": [device, bindingID, ["name": "order_no", "in": "path", "required": true, "schema": string]],
                "responses": responses("200", "TopUpOrder", ["400", "401", "403", "404"]),
            ]
        ],
        "/api/v1/channels/alipay/notify": [
            "post": [
                "summary": "Alipay's asynchronous notification (RSA2-signed form); answered `success` once handled",
                "requestBody": ["required": true, "content": ["application/x-www-form-urlencoded": ["schema": ["type": "object"]]]],
                "responses": [
                    "200": ["description": "`success`", "content": ["text/plain": ["schema": string]]],
                    "400": ["description": "`fail`: not verified or refused", "content": ["text/plain": ["schema": string]]],
                    "503": ["description": "`fail`: Alipay is not configured", "content": ["text/plain": ["schema": string]]],
                ],
            ]
        ],
        "/api/v1/channels/wechat/notify": [
            "post": [
                "summary": "WeChat Pay's callback (signed headers, AEAD_AES_256_GCM resource); answered 204 once handled",
                "parameters": ["Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Signature", "Wechatpay-Serial"].map {
                    ["name": $0, "in": "header", "required": false, "schema": string]
                },
                "requestBody": ["required": true, "content": ["application/json": ["schema": ["type": "object"]]]],
                "responses": [
                    "204": ["description": "handled"],
                    "400": ["description": "refused", "content": ["application/json": ["schema": ["type": "object"]]]],
                    "401": ["description": "not verified", "content": ["application/json": ["schema": ["type": "object"]]]],
                    "503": [
                        "description": "WeChat Pay is not configured", "content": ["application/json": ["schema": ["type": "object"]]],
                    ],
                ],
            ]
        ],
        "/api/v1/h5/schools/{school}/announcements": [
            "get": [
                "summary": "A school's announcements in force and its service windows (on now or to come)",
                "parameters": [["name": "school", "in": "path", "required": true, "schema": string]],
                "responses": responses("200", "CurrentNotices", ["404"]),
            ]
        ],
        "/api/v1/console/maintenance-windows": [
            "get": [
                "summary": "Service windows: top-up and binding refused inside one (not yet over)", "security": staff,
                "responses": responses("200", "ServiceNotices", ["401", "403"]),
            ],
            "post": [
                "summary": "Service windows: top-up and binding refused inside one: publish one (administrators)", "security": staff,
                "requestBody": ["required": true].merging(json("NewServiceNotice")) { a, _ in a },
                "responses": responses("201", "ServiceNotice", ["400", "401", "403", "422"]),
            ],
        ],
        "/api/v1/console/maintenance-windows/{id}": [
            "delete": [
                "summary": "Service windows: top-up and binding refused inside one: withdraw one (administrators)", "security": staff,
                "parameters": [["name": "id", "in": "path", "required": true, "schema": integer]],
                "responses": responses("204", nil, ["401", "403", "404"]),
            ]
        ],
        "/api/v1/console/announcements": [
            "get": [
                "summary": "Announcements on the cardholders' pages (not yet over)", "security": staff,
                "responses": responses("200", "ServiceNotices", ["401", "403"]),
            ],
            "post": [
                "summary": "Announcements on the cardholders' pages: publish one (administrators)", "security": staff,
                "requestBody": ["required": true].merging(json("NewServiceNotice")) { a, _ in a },
                "responses": responses("201", "ServiceNotice", ["400", "401", "403", "422"]),
            ],
        ],
        "/api/v1/console/announcements/{id}": [
            "delete": [
                "summary": "Announcements on the cardholders' pages: withdraw one (administrators)", "security": staff,
                "parameters": [["name": "id", "in": "path", "required": true, "schema": integer]],
                "responses": responses("204", nil, ["401", "403", "404"]),
            ]
        ],
        "/api/v1/channels/bank/notify": [
            "post": [
                "summary":
                    "UnionPay ACP 5.1.0's notification of a bank-card payment (signMethod 01, checked against UnionPay's root): paid, "
                    + "still processing, or refused with the bank's reason",
                "requestBody": ["required": true, "content": ["application/x-www-form-urlencoded": ["schema": ["type": "object"]]]],
                "responses": [
                    "200": ["description": "`ok`: taken (UnionPay stops sending)", "content": ["text/plain": ["schema": string]]],
                    "400": ["description": "`fail`: not verified or refused", "content": ["text/plain": ["schema": string]]],
                    "503": ["description": "`fail`: UnionPay is not configured", "content": ["text/plain": ["schema": string]]],
                ],
            ]
        ],
        "/api/v1/console/reports/reconciliation": [
            "get": [
                "summary": "A school day with one channel: our credited orders against the channel's answers, and every difference",
                "security": staff,
                "parameters": [
                    ["name": "date", "in": "query", "required": true, "schema": ["type": "string", "format": "date"]],
                    [
                        "name": "provider", "in": "query", "required": true,
                        "schema": ["type": "string", "enum": ["alipay", "wechat_pay", "unionpay"]],
                    ],
                    ["name": "format", "in": "query", "required": false, "schema": ["type": "string", "enum": ["json", "csv"]]],
                ],
                "responses": [
                    "200": [
                        "description": "the report (CSV with format=csv)",
                        "content": [
                            "application/json": ["schema": ["type": "object"]], "text/csv": ["schema": string],
                        ],
                    ],
                    "401": error, "403": error, "422": error,
                ],
            ]
        ],
        "/api/v1/h5/bindings/{binding_id}/payment-codes": [
            "post": [
                "summary": "A payment code (18 digits) a terminal charges once within a minute; none for a lost or frozen card",
                "security": cardholder, "parameters": [device, bindingID],
                "responses": responses("200", "PaymentCode", ["400", "401", "403", "404", "409"]),
            ]
        ],
        "/api/v1/h5/bindings/{binding_id}/records": [
            "get": [
                "summary": "The card's records, newest first", "security": cardholder,
                "parameters": [device, bindingID]
                    + ["before", "kind", "from", "to", "limit"].map { ["name": $0, "in": "query", "required": false, "schema": string] },
                "responses": responses("200", "RecordPage", ["400", "401", "403", "404", "422"]),
            ]
        ],
        "/api/v1/h5/bindings/{binding_id}/statement": [
            "get": [
                "summary": "A month's statement as CSV", "security": cardholder,
                "parameters": [device, bindingID, ["name": "month", "in": "query", "required": true, "schema": string]],
                "responses": [
                    "200": ["description": "CSV", "content": ["text/csv": ["schema": string]]], "400": error, "401": error, "403": error,
                    "404": error, "422": error,
                ],
            ]
        ],
        "/api/v1/h5/bindings/{binding_id}/card/lost": [
            "post": [
                "summary": "Report the card lost: every terminal refuses it at once", "security": cardholder,
                "parameters": [device, bindingID], "responses": responses("200", "Card", ["400", "401", "403", "404", "409"]),
            ]
        ],
        "/api/v1/h5/bindings/{binding_id}/notices": [
            "get": [
                "summary": "The notice inbox: low balance, large spends, a lost card, freeze warnings", "security": cardholder,
                "parameters": [device, bindingID], "responses": responses("200", "NoticeInbox", ["400", "401", "403", "404"]),
            ]
        ],
        "/api/v1/h5/bindings/{binding_id}/notices/read": [
            "post": [
                "summary": "Mark every notice read", "security": cardholder, "parameters": [device, bindingID],
                "responses": responses("204", nil, ["400", "401", "403", "404"]),
            ]
        ],
        "/api/v1/h5/bindings/{binding_id}/notice-preferences": [
            "put": [
                "summary": "The large-spend and low-balance thresholds (yuan)", "security": cardholder, "parameters": [device, bindingID],
                "requestBody": ["required": true].merging(json("NoticePreferences")) { a, _ in a },
                "responses": responses("204", nil, ["400", "401", "403", "404", "422"]),
            ]
        ],
        "/api/v1/h5/bindings/{binding_id}/payment-password": [
            "put": [
                "summary": "Change the payment password: the current one, then the new one (the rules of choosing one)",
                "security": cardholder, "parameters": [device, bindingID],
                "requestBody": ["required": true].merging(json("PaymentPasswordChange")) { a, _ in a },
                "responses": responses("204", nil, ["400", "401", "403", "404", "409", "422", "429"]),
            ]
        ],
        "/api/v1/console/cardholders/{staff_number}": [
            "patch": [
                "summary": "Correct roster data or register a passport (logged with the clerk)", "security": staff,
                "parameters": [staffNumber], "requestBody": ["required": true].merging(json("RosterCorrection")) { a, _ in a },
                "responses": responses("204", nil, ["400", "401", "403", "404", "422"]),
            ]
        ],
        "/api/v1/console/cardholders/{staff_number}/phone-lock": [
            "delete": [
                "summary": "Lift a card's phone lock after wrong passwords", "security": staff, "parameters": [staffNumber],
                "responses": responses("204", nil, ["401", "403", "404", "422"]),
            ]
        ],
    ]

    nonisolated(unsafe) static let cardholderSchemas: [String: Any] = [
        "Schools": [
            "type": "array",
            "items": object([
                "code": string, "name": string,
                "campuses": ["type": "array", "items": object(["code": string, "name": string])],
            ]),
        ],
        "OpenCardholderSession": object([
            "channel": ["type": "string", "enum": ["school_app", "alipay", "wechat"]], "auth_code": string, "device_id": string,
        ]),
        "CardholderSession": object([
            "token": string, "expires_at": ["type": "string", "format": "date-time"], "channel": string, "device_id": string,
            "bindings": ["type": "array", "items": ["$ref": "#/components/schemas/Binding"]],
        ]),
        "Binding": object(
            [
                "id": integer, "school": string, "school_name": string, "channel": string, "staff_number": string, "name": string,
                "card_number": string, "card_status": string, "bound_at": ["type": "string", "format": "date-time"],
            ], optional: ["card_number", "card_status"]),
        "Bind": object(
            [
                "school": string, "campus": string, "staff_number": string, "name": string, "initial_password": string,
                "passport_number": string, "payment_password": string, "face_certification_id": string,
            ], optional: ["campus", "initial_password", "passport_number"]),
        "CardSummary": object([
            "binding": ["$ref": "#/components/schemas/Binding"], "balance_fen": integer, "balance": string,
            "records": ["type": "array", "items": ["$ref": "#/components/schemas/Record"]],
        ]),
        "DeviceVerification": object(["payment_password": string, "face_certification_id": string]),
        "StartFaceCertification": object([
            "school": string, "staff_number": string, "name": string, "id_number": string, "return_url": string,
        ]),
        "StartBoundFaceCertification": object(["id_number": string, "return_url": string]),
        "FaceCertification": object(["certification_id": string, "url": string]),
        "Device": object(
            [
                "device_id": string, "verified_at": ["type": "string", "format": "date-time"],
                "revoked_at": ["type": "string", "format": "date-time"], "first_seen_at": ["type": "string", "format": "date-time"],
                "this_device": ["type": "boolean"],
            ], optional: ["verified_at", "revoked_at"]),
        "TopUpOptions": object(
            [
                "presets": ["type": "array", "items": object(["amount": string, "fee": string, "payable": string])], "fee_rule": string,
                "custom_minimum": string, "custom_maximum": string, "custom_multiple": string, "single_limit": string,
                "daily_limit": string,
                "left_today": string, "pays_with": ["type": "array", "items": string], "refund_notice_zh": string,
                "refund_notice_en": string,
            ], optional: ["custom_multiple"]),
        "TopUpRequest": object(
            [
                "kind": ["type": "string", "enum": ["quick", "custom"]], "amount": ["type": "string", "example": "50.00"],
                "request_id": ["type": "string", "minLength": 1, "maxLength": 64],
                "pays_with": ["type": "string", "enum": ["alipay", "wechat_pay", "unionpay"]],
            ], optional: ["pays_with"]),
        "TopUpOrder": object(
            [
                "order_no": string, "status": ["type": "string", "enum": TopUpOrderStatus.allCases.map(\.rawValue)], "kind": string,
                "amount": string, "fee": string, "payable": string, "refunded": string, "pays_with": string, "failure_reason": string,
                "failure": ["$ref": "#/components/schemas/Error"],
                "created_at": ["type": "string", "format": "date-time"], "expires_at": ["type": "string", "format": "date-time"],
                "arrival_minutes_min": integer, "arrival_minutes_max": integer,
                "pay": ["type": "object", "additionalProperties": string], "refund_notice_zh": string,
            ], optional: ["failure_reason", "failure", "pay"]),
        "ServiceNotice": object([
            "id": integer, "title": string, "body": string, "starts_at": ["type": "string", "format": "date-time"],
            "ends_at": ["type": "string", "format": "date-time"],
        ]),
        "ServiceNotices": ["type": "array", "items": ["$ref": "#/components/schemas/ServiceNotice"]],
        "NewServiceNotice": object(
            [
                "title": ["type": "string", "minLength": 1, "maxLength": 100], "body": string,
                "starts_at": ["type": "string", "format": "date-time"], "ends_at": ["type": "string", "format": "date-time"],
            ], optional: ["body"]),
        "CurrentNotices": object([
            "announcements": ["type": "array", "items": ["$ref": "#/components/schemas/ServiceNotice"]],
            "maintenance": ["type": "array", "items": ["$ref": "#/components/schemas/ServiceNotice"]],
        ]),
        "PaymentCode": object(["code": string, "expires_at": ["type": "string", "format": "date-time"]]),
        "NoticeInbox": object([
            "notices": [
                "type": "array",
                "items": object([
                    "id": string, "kind": string, "title": string, "body": string, "at": ["type": "string", "format": "date-time"],
                ]),
            ],
            "unread": integer,
        ]),
        "PaymentPasswordChange": object(["current_password": string, "new_password": string]),
        "NoticePreferences": object(["large_spend": string, "low_balance": string], optional: ["large_spend", "low_balance"]),
        "RosterCorrection": object(
            ["name": string, "campus": string, "passport_number": string], optional: ["name", "campus", "passport_number"]),
    ]
}
