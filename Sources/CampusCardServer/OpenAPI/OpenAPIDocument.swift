import CampusCardCore
import Foundation

/// The API as it stands, for clients and for fuzzing (schemathesis). Each route added to the
/// server is described here in the same change.
///
/// The parts are `[String: Any]` literals, built once and never changed (hence
/// `nonisolated(unsafe)`); only `json`, immutable `Data`, leaves this type.
enum OpenAPIDocument {
    static let json: Data = try! JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])

    nonisolated(unsafe) static let error: [String: Any] = [
        "description": "Refused: a stable code with a message in Chinese and English",
        "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]],
    ]

    /// A rate limit or a lock: the error, and when to try again.
    nonisolated(unsafe) static let retryLater: [String: Any] = error.merging([
        "description": "Refused for now (too_many_requests, too_many_attempts, sign_in_locked): the message says until when",
        "headers": ["Retry-After": ["description": "seconds until it may be tried again", "schema": ["type": "integer"]]],
    ]) { _, new in new }

    static func json(_ schema: String) -> [String: Any] {
        ["content": ["application/json": ["schema": ["$ref": "#/components/schemas/\(schema)"]]]]
    }

    private nonisolated(unsafe) static let document: [String: Any] = [
        "openapi": "3.0.3",
        "info": ["title": "CampusCard", "version": "1.0.0", "description": "校园卡一卡通 campus one-card platform"],
        "paths":
            ([
                "/healthz": ["get": ["summary": "Liveness: the database answers", "responses": ["200": ["description": "healthy"]]]],
                "/metrics": ["get": ["summary": "Prometheus metrics", "responses": ["200": ["description": "text exposition format"]]]],
                "/api/v1/console/sessions": [
                    "post": [
                        "summary": "Staff sign-in",
                        "requestBody": ["required": true].merging(json("SignIn")) { a, _ in a },
                        "responses": [
                            "200": ["description": "signed in"].merging(json("Session")) { a, _ in a }, "401": error, "400": error,
                            "423": retryLater, "429": retryLater,
                        ],
                    ],
                    "delete": [
                        "summary": "Staff sign-out", "security": [["staffToken": []]],
                        "responses": ["204": ["description": "signed out"], "401": error],
                    ],
                ],
                "/api/v1/console/audit": [
                    "get": [
                        "summary": "Ledger audit: balance = sum of entries for every account; entries sum to zero",
                        "security": [["staffToken": []]],
                        "responses": [
                            "200": ["description": "the audit"].merging(json("Audit")) { a, _ in a }, "401": error, "403": error,
                        ],
                    ]
                ],
                "/api/v1/console/cards/{card_number}/lost": cardChange("Report a card lost: every terminal refuses it at once"),
                "/api/v1/console/cards/{card_number}/found": cardChange("A lost card found: it works again"),
                "/api/v1/console/cards/{card_number}/replacement": cardChange(
                    "Replace a card: new number, same purse and history; the old number is dead", body: "Replacement"),
                "/api/v1/console/refunds": [
                    "post": [
                        "summary": "Refund a mistaken top-up in cash at the service center (never back through the channel)",
                        "security": [["staffToken": []]],
                        "requestBody": ["required": true].merging(json("Refund")) { a, _ in a },
                        "responses": [
                            "200": ["description": "refunded"].merging(json("CashReceipt")) { a, _ in a }, "400": error, "401": error,
                            "404": error, "409": error, "422": error,
                        ],
                    ]
                ],
                "/api/v1/console/payouts": [
                    "post": [
                        "summary": "Pay out a purse's balance in cash (also from a frozen purse)",
                        "security": [["staffToken": []]],
                        "requestBody": ["required": true].merging(json("Payout")) { a, _ in a },
                        "responses": [
                            "200": ["description": "paid out"].merging(json("CashReceipt")) { a, _ in a }, "400": error, "401": error,
                            "404": error, "409": error, "422": error,
                        ],
                    ]
                ],
                "/api/v1/console/graduates/freezing": [
                    "get": [
                        "summary": "Leavers whose accounts freeze within the given days, with their balances",
                        "security": [["staffToken": []]],
                        "parameters": [
                            [
                                "name": "within_days", "in": "query", "required": false,
                                "schema": ["type": "integer", "minimum": 0, "maximum": 366],
                            ]
                        ],
                        "responses": [
                            "200": [
                                "description": "the list",
                                "content": [
                                    "application/json": ["schema": ["type": "array", "items": ["$ref": "#/components/schemas/Freezing"]]]
                                ],
                            ], "401": error, "403": error, "422": error,
                        ],
                    ]
                ],
                "/api/v1/console/cardholders/{staff_number}/leave-date": [
                    "put": [
                        "summary": "Extend a late graduate's leave date (while the account is active)",
                        "security": [["staffToken": []]],
                        "parameters": [["name": "staff_number", "in": "path", "required": true, "schema": string]],
                        "requestBody": ["required": true].merging(json("LeaveDate")) { a, _ in a },
                        "responses": ["204": ["description": "extended"], "400": error, "401": error, "404": error, "422": error],
                    ]
                ],
                "/api/v1/pos/voids": [
                    "post": [
                        "summary": "Void a charge this terminal made today (HMAC-signed; once per transaction)",
                        "security": [["terminalSignature": []]],
                        "parameters": ["X-Terminal-Id", "X-Timestamp", "X-Nonce", "X-Signature"].map {
                            ["name": $0, "in": "header", "required": true, "schema": ["type": "string"]]
                        },
                        "requestBody": ["required": true].merging(json("Void")) { a, _ in a },
                        "responses": [
                            "200": ["description": "voided, or the first answer to a repeat"].merging(json("SpendReceipt")) { a, _ in a },
                            "400": error, "401": error, "404": error, "409": error, "422": error,
                        ],
                    ]
                ],
                "/api/v1/console/cardholders/{staff_number}/records": [
                    "get": [
                        "summary": "A cardholder's movements, newest first, cursor-paged",
                        "security": [["staffToken": []]],
                        "parameters": [
                            ["name": "staff_number", "in": "path", "required": true, "schema": string],
                            ["name": "before", "in": "query", "required": false, "schema": integer],
                            ["name": "kind", "in": "query", "required": false, "schema": string],
                            ["name": "from", "in": "query", "required": false, "schema": ["type": "string", "format": "date"]],
                            ["name": "to", "in": "query", "required": false, "schema": ["type": "string", "format": "date"]],
                            [
                                "name": "limit", "in": "query", "required": false,
                                "schema": ["type": "integer", "minimum": 1, "maximum": 200],
                            ],
                        ],
                        "responses": [
                            "200": ["description": "a page"].merging(json("RecordPage")) { a, _ in a }, "401": error, "403": error,
                            "404": error, "422": error,
                        ],
                    ]
                ],
                "/api/v1/console/cardholders/{staff_number}/statement": [
                    "get": [
                        "summary": "A month's statement as CSV",
                        "security": [["staffToken": []]],
                        "parameters": [
                            ["name": "staff_number", "in": "path", "required": true, "schema": string],
                            [
                                "name": "month", "in": "query", "required": true,
                                "schema": ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"],
                            ],
                        ],
                        "responses": [
                            "200": ["description": "CSV", "content": ["text/csv": ["schema": string]]], "401": error, "403": error,
                            "404": error, "422": error,
                        ],
                    ]
                ],
                "/api/v1/console/reports/merchants": [
                    "get": [
                        "summary": "Each merchant's spends, voids and net for a day",
                        "security": [["staffToken": []]],
                        "parameters": [
                            ["name": "date", "in": "query", "required": false, "schema": ["type": "string", "format": "date"]]
                        ],
                        "responses": [
                            "200": [
                                "description": "the day",
                                "content": [
                                    "application/json": [
                                        "schema": ["type": "array", "items": ["$ref": "#/components/schemas/MerchantDay"]]
                                    ]
                                ],
                            ], "401": error, "403": error, "422": error,
                        ],
                    ]
                ],
                "/api/v1/console/settings": [
                    "get": [
                        "summary": "The school's settings (every number of the rules; defaults where unchanged)",
                        "security": [["staffToken": []]],
                        "responses": [
                            "200": ["description": "settings", "content": ["application/json": ["schema": ["type": "object"]]]],
                            "401": error,
                            "403": error,
                        ],
                    ],
                    "put": [
                        "summary": "Replace the school's settings (administrators; keys left out take their defaults)",
                        "security": [["staffToken": []]],
                        "requestBody": ["required": true, "content": ["application/json": ["schema": ["type": "object"]]]],
                        "responses": [
                            "200": ["description": "settings", "content": ["application/json": ["schema": ["type": "object"]]]],
                            "400": error,
                            "401": error, "403": error, "422": error,
                        ],
                    ],
                ],
                "/api/v1/pos/spends": [
                    "post": [
                        "summary": "Charge a card at a POS terminal (HMAC-signed; idempotent by transaction_id)",
                        "security": [["terminalSignature": []]],
                        "parameters": ["X-Terminal-Id", "X-Timestamp", "X-Nonce", "X-Signature"].map {
                            ["name": $0, "in": "header", "required": true, "schema": ["type": "string"]]
                        },
                        "requestBody": ["required": true].merging(json("Spend")) { a, _ in a },
                        "responses": [
                            "201": ["description": "charged"].merging(json("SpendReceipt")) { a, _ in a },
                            "200": ["description": "a retry of a charge already made: the first answer"].merging(json("SpendReceipt")) {
                                a, _ in
                                a
                            },
                            "400": error, "401": error, "404": error, "409": error, "422": error,
                        ],
                    ]
                ],
                "/api/v1/pos/spends/{transaction_id}": [
                    "get": [
                        "summary":
                            "What became of this terminal's transaction id: charged or refused, with the first answer (HMAC-signed like a charge, the empty body signed)",
                        "security": [["terminalSignature": []]],
                        "parameters": ["X-Terminal-Id", "X-Timestamp", "X-Nonce", "X-Signature"].map {
                            ["name": $0, "in": "header", "required": true, "schema": ["type": "string"]]
                        } + [["name": "transaction_id", "in": "path", "required": true, "schema": string]],
                        "responses": [
                            "200": ["description": "charged or refused: the first answer"].merging(json("SpendStatus")) { a, _ in a },
                            "401": error,
                            "404": ["description": "unknown_transaction: nothing was charged under it"].merging(error) { a, _ in a },
                            "409": error, "422": error,
                        ],
                    ]
                ],
            ] as [String: Any]).merging(cardholderPaths) { a, _ in a }.merging(onboardingPaths) { a, _ in a }
            .merging(autoTopUpPaths) { a, _ in a },
        "components": [
            "securitySchemes": [
                "staffToken": ["type": "http", "scheme": "bearer"],
                "terminalSignature": ["type": "apiKey", "in": "header", "name": "X-Signature"],
                "cardholderToken": ["type": "http", "scheme": "bearer"],
            ],
            "schemas":
                ([
                    "Error": object([
                        "code": ["type": "string", "enum": CardError.Code.allCases.map(\.rawValue)], "message_zh": string,
                        "message_en": string,
                        "details": ["type": "object", "additionalProperties": string],
                    ]),
                    "SignIn": object(["username": string, "password": string]),
                    "Session": object([
                        "token": string, "username": string, "display_name": string,
                        "role": ["type": "string", "enum": StaffRole.allCases.map(\.rawValue)],
                    ]),
                    "Audit": object([
                        "holds": ["type": "boolean"], "accounts_checked": integer, "transfers_checked": integer,
                        "violations": ["type": "array", "items": string],
                    ]),
                    "Spend": object(
                        [
                            "card_number": string, "payment_code": ["type": "string", "pattern": "^[0-9]{18}$"],
                            "amount_fen": ["type": "integer", "format": "int64", "minimum": 1],
                            "transaction_id": ["type": "string", "minLength": 1, "maxLength": 64],
                        ], optional: ["card_number", "payment_code"]),
                    "Replacement": object(["new_card_number": string]),
                    "Card": object([
                        "card_number": string, "status": ["type": "string", "enum": ["active", "lost", "frozen", "replaced"]],
                    ]),
                    "Refund": object([
                        "card_number": string, "amount_fen": ["type": "integer", "format": "int64", "minimum": 1], "original_order": string,
                        "reason": string, "request_id": string,
                    ]),
                    "Payout": object([
                        "card_number": string, "amount_fen": ["type": "integer", "format": "int64", "minimum": 1], "request_id": string,
                    ]),
                    "CashReceipt": object(
                        [
                            "transfer_id": integer, "card_number": string, "amount_fen": integer, "balance_after_fen": integer,
                            "at": ["type": "string", "format": "date-time"], "replayed": ["type": "boolean"], "paid_in": string,
                        ],
                        optional: ["balance_after_fen"]),
                    "Freezing": object([
                        "staff_number": string, "name": string, "leave_date": string, "freeze_date": string, "balance_fen": integer,
                    ]),
                    "LeaveDate": object(["leave_date": ["type": "string", "format": "date"]]),
                    "Void": object(["transaction_id": ["type": "string", "minLength": 1, "maxLength": 64]]),
                    "Record": object(
                        [
                            "transfer_id": integer, "kind": string, "kind_zh": string, "amount_fen": integer, "balance_after_fen": integer,
                            "at": ["type": "string", "format": "date-time"], "memo": string, "transaction_id": string, "order_no": string,
                        ],
                        optional: ["balance_after_fen", "transaction_id", "order_no"]),
                    "RecordPage": object(
                        ["records": ["type": "array", "items": ["$ref": "#/components/schemas/Record"]], "next_before": integer],
                        optional: ["next_before"]),
                    "MerchantDay": object([
                        "merchant_code": string, "merchant_name": string, "spends": integer, "voids": integer, "net_fen": integer,
                    ]),
                    "SpendStatus": object(
                        [
                            "status": ["type": "string", "enum": ["charged", "refused"]], "transaction_id": string,
                            "spend": ["$ref": "#/components/schemas/SpendReceipt"], "voided": ["type": "boolean"],
                            "refusal": ["$ref": "#/components/schemas/Error"],
                        ],
                        optional: ["spend", "voided", "refusal"]),
                    "SpendReceipt": object(
                        [
                            "transaction_id": string, "transfer_id": integer, "card_number": string, "merchant": string,
                            "amount_fen": integer,
                            "balance_after_fen": integer, "at": ["type": "string", "format": "date-time"], "replayed": ["type": "boolean"],
                        ],
                        optional: ["balance_after_fen", "card_number"]),
                ] as [String: Any]).merging(cardholderSchemas) { a, _ in a }.merging(onboardingSchemas) { a, _ in a }
                .merging(autoTopUpSchemas) { a, _ in a },
        ],
    ]

    private static func cardChange(_ summary: String, body: String? = nil) -> [String: Any] {
        var operation: [String: Any] = [
            "summary": summary, "security": [["staffToken": []]],
            "parameters": [["name": "card_number", "in": "path", "required": true, "schema": string]],
            "responses": ["200": ["description": "done"].merging(json("Card")) { a, _ in a }, "401": error, "404": error, "409": error],
        ]
        if let body { operation["requestBody"] = ["required": true].merging(json(body)) { a, _ in a } }
        return ["post": operation]
    }

    nonisolated(unsafe) static let string: [String: Any] = ["type": "string"]
    nonisolated(unsafe) static let integer: [String: Any] = ["type": "integer", "format": "int64"]

    static func object(_ properties: [String: Any], optional: Set<String> = []) -> [String: Any] {
        ["type": "object", "properties": properties, "required": properties.keys.filter { !optional.contains($0) }.sorted()]
    }
}
