import Foundation

/// Renders the operations: endpoint values (`Endpoints.swift`), the client (`Client.swift`) and the server-side
/// protocols with their routers (`Server.swift`).
struct OperationRenderer {
    /// `public ` or empty.
    let access: String
    let clientName: String
    let defaultServerURL: String?
    let serverTemplate: SwiftServerTemplate?
    let security: SwiftSecurity?
    let apiTitle: String

    init(access: String, module: SwiftModule, apiTitle: String) {
        self.access = access
        self.clientName = module.clientName
        self.defaultServerURL = module.defaultServerURL
        self.serverTemplate = module.serverTemplate
        self.security = module.security
        self.apiTitle = apiTitle
    }

    // MARK: - Shared pieces

    /// `id: Int64, _ body: MemberUpdate, includeFired: Bool? = nil`.
    func parameterList(_ operation: SwiftOperation, defaults: Bool, forServer: Bool = false) -> String {
        var parts: [String] = []
        for parameter in operation.pathParameters {
            parts.append("\(parameter.swiftName): \(parameter.type.text)")
        }
        if let body = operation.body {
            // A stream the client sends is one the server reads.
            let type = forServer ? body.type.otherSide : body.type
            parts.append(
                "_ body: \(type.text)\(body.isRequired ? "" : "?")\(!body.isRequired && defaults ? " = nil" : "")")
        }
        for parameter in operation.trailingParameters {
            let optional = parameter.isRequired ? "" : "?"
            let defaultValue = !parameter.isRequired && defaults ? " = nil" : ""
            parts.append("\(parameter.swiftName): \(parameter.type.text)\(optional)\(defaultValue)")
        }
        return parts.joined(separator: ", ")
    }

    /// `id: id, body, includeFired: includeFired`.
    func argumentList(_ operation: SwiftOperation) -> String {
        // Labels bare but `inout`, values as declared (`` `in` ``): a keyword is an expression only in backticks.
        var parts: [String] = operation.pathParameters.map {
            "\(SwiftNaming.argumentLabel($0.swiftName)): \($0.swiftName)"
        }
        if operation.body != nil { parts.append("body") }
        parts += operation.trailingParameters.map {
            "\(SwiftNaming.argumentLabel($0.swiftName)): \($0.swiftName)"
        }
        return parts.joined(separator: ", ")
    }

    /// The endpoint function's documentation: what the operation is, as a value (the client method has the rest).
    func documentation(_ operation: SwiftOperation, into writer: inout CodeWriter) {
        let request =
            "`\(operation.httpMethod.uppercased()) \(operation.pathTemplate)` (`\(operation.operationID)`) as a value."
        writer.documentation(paragraphs: [operation.summary, request, parameterDocs(operation)])
    }

    /// `- Parameter name: text` lines for every parameter in signature order, or nil when there are none to list.
    func parameterDocs(_ operation: SwiftOperation) -> String? {
        func line(_ parameter: SwiftParameter) -> String {
            "- Parameter \(SwiftNaming.bare(parameter.swiftName)): "
                + SpecText.singleLine(parameter.documentation ?? parameter.name)
        }
        var lines = operation.pathParameters.map(line)
        if let body = operation.body { lines.append("- Parameter body: The request body, `\(body.type.text)`.") }
        lines += operation.trailingParameters.map(line)
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }

    /// HTTPTypes' name for a success status (`.ok`, `.created`), or `.init(code:)` for one without a name.
    static func status(_ code: Int) -> String {
        SwiftNaming.httpTypesStatusNames[code].map { "." + $0 } ?? ".init(code: \(code))"
    }

    func groupDocumentation(_ group: SwiftGroup) -> String {
        group.documentation ?? "The `\(group.names.propertyName)` operations."
    }
}
