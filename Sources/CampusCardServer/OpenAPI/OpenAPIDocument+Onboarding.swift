import CampusCardCore
import Foundation

/// Setting a school up: the operator's schools; a school's campuses, staff, merchants, terminals.
extension OpenAPIDocument {
    private nonisolated(unsafe) static let staffOnly: [[String: Any]] = [["staffToken": []]]
    private nonisolated(unsafe) static let schoolQuery: [String: Any] = [
        "name": "school", "in": "query", "required": false, "schema": string,
        "description": "The school an operator acts in (staff act in their own)",
    ]

    private static func path(_ name: String) -> [String: Any] {
        ["name": name, "in": "path", "required": true, "schema": string]
    }

    private static func operation(
        _ summary: String, body: String? = nil, answer: String?, status: String = "200", parameters: [[String: Any]] = []
    ) -> [String: Any] {
        var responses: [String: Any] = ["400": error, "401": error, "403": error, "404": error, "409": error, "422": error]
        responses[status] = answer.map { ["description": "done"].merging(json($0)) { a, _ in a } } ?? ["description": "done"]
        var operation: [String: Any] = [
            "summary": summary, "security": staffOnly, "parameters": [schoolQuery] + parameters, "responses": responses,
        ]
        if let body { operation["requestBody"] = ["required": true].merging(json(body)) { a, _ in a } }
        return operation
    }

    nonisolated(unsafe) static let onboardingPaths: [String: Any] = [
        "/api/v1/platform/schools": [
            "get": operation("Every school (an operator), or one's own", answer: nil),
            "post": operation(
                "Create a school with campuses and its first administrator (an operator; the password is in this answer only)",
                body: "NewSchool", answer: nil, status: "201"),
        ],
        "/api/v1/console/school": [
            "get": operation("The school and its campuses", answer: "SchoolProfile"),
            "patch": operation("Edit its names and time zone (administrators)", body: "SchoolEdit", answer: "SchoolProfile"),
        ],
        "/api/v1/console/campuses": ["post": operation("Add a campus", body: "Campus", answer: nil, status: "201")],
        "/api/v1/console/campuses/{code}": [
            "patch": operation(
                "Rename a campus (its cardholders stay on it)", body: "CampusName", answer: nil, status: "204", parameters: [path("code")])
        ],
        "/api/v1/console/staff": [
            "get": operation("The school's staff accounts", answer: nil),
            "post": operation("Add a staff account (its password is in this answer only)", body: "NewStaff", answer: nil, status: "201"),
        ],
        "/api/v1/console/staff/{username}": [
            "patch": operation(
                "Change a role (the last administrator keeps theirs)", body: "StaffRole", answer: nil, parameters: [path("username")])
        ],
        "/api/v1/console/staff/{username}/password": [
            "post": operation("A new random password, in this answer only; sessions end", answer: nil, parameters: [path("username")])
        ],
        "/api/v1/console/staff/{username}/disable": [
            "post": operation("Disable an account (kept for the audit trail)", answer: nil, parameters: [path("username")])
        ],
        "/api/v1/console/merchants": [
            "get": operation("The school's canteens and shops", answer: nil),
            "post": operation("Add a merchant", body: "NewMerchant", answer: nil, status: "201"),
        ],
        "/api/v1/console/terminals": [
            "get": operation("The school's terminals (never their secrets)", answer: nil),
            "post": operation("Add a terminal (its secret is in this answer only)", body: "NewTerminal", answer: nil, status: "201"),
        ],
        "/api/v1/console/terminals/{code}/rekey": [
            "post": operation(
                "A new secret, in this answer only; the old one is refused from now on", answer: nil, parameters: [path("code")])
        ],
        "/api/v1/console/terminals/{code}/disable": [
            "post": operation("Disable a terminal: its next request is refused", answer: nil, parameters: [path("code")])
        ],
    ]

    nonisolated(unsafe) static let onboardingSchemas: [String: Any] = [
        "Campus": object(["code": string, "name": string]),
        "CampusName": object(["name": string]),
        "NewSchool": object(
            [
                "code": string, "name": string, "name_en": string, "time_zone": string,
                "campuses": ["type": "array", "items": ["$ref": "#/components/schemas/Campus"]],
                "administrator": object(["username": string, "display_name": string]),
            ], optional: ["name_en", "time_zone", "administrator"]),
        "SchoolEdit": object(["name": string, "name_en": string, "time_zone": string], optional: ["name_en"]),
        "SchoolProfile": object(
            [
                "code": string, "name": string, "name_en": string, "time_zone": string,
                "campuses": ["type": "array", "items": ["$ref": "#/components/schemas/Campus"]],
            ], optional: ["campuses"]),
        "NewStaff": object([
            "username": string, "display_name": string, "role": ["type": "string", "enum": ["admin", "clerk", "auditor"]],
        ]),
        "StaffRole": object(["role": ["type": "string", "enum": ["admin", "clerk", "auditor"]]]),
        "NewMerchant": object(["code": string, "name": string, "campus": string], optional: ["campus"]),
        "NewTerminal": object(["code": string, "merchant": string]),
    ]
}
