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
    private func parameterList(_ operation: SwiftOperation, defaults: Bool) -> String {
        var parts: [String] = []
        for parameter in operation.pathParameters {
            parts.append("\(parameter.swiftName): \(parameter.type.text)")
        }
        if let body = operation.body {
            parts.append(
                "_ body: \(body.type.text)\(body.isRequired ? "" : "?")\(!body.isRequired && defaults ? " = nil" : "")")
        }
        for parameter in operation.trailingParameters {
            let optional = parameter.isRequired ? "" : "?"
            let defaultValue = !parameter.isRequired && defaults ? " = nil" : ""
            parts.append("\(parameter.swiftName): \(parameter.type.text)\(optional)\(defaultValue)")
        }
        return parts.joined(separator: ", ")
    }

    /// `id: id, body, includeFired: includeFired`.
    private func argumentList(_ operation: SwiftOperation) -> String {
        // Labels bare, values as declared (`` `in` ``): a keyword is an expression only in backticks.
        var parts: [String] = operation.pathParameters.map { "\(SwiftNaming.bare($0.swiftName)): \($0.swiftName)" }
        if operation.body != nil { parts.append("body") }
        parts += operation.trailingParameters.map {
            "\(SwiftNaming.bare($0.swiftName)): \($0.swiftName)"
        }
        return parts.joined(separator: ", ")
    }

    /// The endpoint function's documentation: what the operation is, as a value (the client method has the rest).
    private func documentation(_ operation: SwiftOperation, into writer: inout CodeWriter) {
        let request =
            "`\(operation.httpMethod.uppercased()) \(operation.pathTemplate)` (`\(operation.operationID)`) as a value."
        writer.documentation(paragraphs: [operation.summary, request, parameterDocs(operation)])
    }

    /// `- Parameter name: text` lines for every parameter in signature order, or nil when there are none to list.
    private func parameterDocs(_ operation: SwiftOperation) -> String? {
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

    private func groupDocumentation(_ group: SwiftGroup) -> String {
        group.documentation ?? "The `\(group.names.propertyName)` operations."
    }

    // MARK: - Endpoints.swift

    func renderEndpoints(_ groups: [SwiftGroup], into writer: inout CodeWriter) {
        writer.documentation(paragraphs: [
            "The operations of \(apiTitle), as values: method, path, query, body and the types of the answers.",
            "Execute one with an `APIClient`, or inspect it in tests without sending anything.",
        ])
        writer.block("\(access)enum Endpoints") { body in
            for (index, group) in groups.enumerated() {
                if index > 0 { body.line() }
                if group.isUntagged {
                    renderEndpointFunctions(group.operations, into: &body)
                } else {
                    body.documentation(paragraphs: [groupDocumentation(group)])
                    body.block("\(access)enum \(group.names.namespace)") { groupBody in
                        renderEndpointFunctions(group.operations, into: &groupBody)
                    }
                }
            }
        }
    }

    /// The answer enums and header structs of the operations that have them, after `Endpoints`.
    func renderAnswerTypes(_ groups: [SwiftGroup], into writer: inout CodeWriter) {
        for operation in groups.flatMap(\.operations) {
            if let answer = operation.statusAnswer {
                writer.line()
                renderStatusAnswer(answer, into: &writer)
            }
            if let headers = operation.responseHeaders {
                writer.line()
                renderResponseHeaders(headers, into: &writer)
            }
        }
    }

    /// `enum PetsCreateResponse: StatusAnswer`: a case per success status, read by status and sent back as one.
    private func renderStatusAnswer(_ answer: SwiftStatusAnswer, into writer: inout CodeWriter) {
        writer.documentation("The success answers of `\(SpecText.singleLine(answer.operationID))`, by status.")
        writer.block("\(access)enum \(answer.name): StatusAnswer, Hashable") { body in
            for answerCase in answer.cases {
                let status = answerCase.status.map(String.init) ?? "2XX"
                body.documentation(
                    "`\(status)`" + (answerCase.documentation.map { ": " + SpecText.singleLine($0) } ?? "."))
                body.line("case \(answerCase.name)" + (answerCase.type.map { "(\($0.text))" } ?? ""))
            }
            body.line()
            body.line("/// Reads the answer of `status` from its body.")
            body.line("///")
            body.line("/// - Throws: `UndocumentedStatus` for a status the spec does not list; a `DecodingError`.")
            body.block("\(access)init(status: Int, body: Data) throws") { initializer in
                initializer.switchBlock("status") { cases in
                    let listed = answer.cases.filter { $0.status != nil }
                    let range = answer.cases.first { $0.status == nil }
                    for answerCase in listed {
                        cases.line("case \(answerCase.status ?? 0):")
                        cases.indented { $0.line("self = " + Self.reading(answerCase)) }
                    }
                    cases.line("default:")
                    cases.indented {
                        if let range {
                            $0.line("self = " + Self.reading(range))
                        } else {
                            $0.line("throw UndocumentedStatus(status: status)")
                        }
                    }
                }
            }
            body.line()
            body.line("/// The answer as a server sends it.")
            body.block("\(access)func serverResponse() throws -> ServerResponse") { function in
                function.switchBlock("self") { cases in
                    for answerCase in answer.cases {
                        let status = Self.status(answerCase.status ?? 200)
                        guard answerCase.type != nil else {
                            cases.line("case .\(answerCase.name):")
                            cases.indented { $0.line("return ServerResponse(status: \(status))") }
                            continue
                        }
                        cases.line("case .\(answerCase.name)(let value):")
                        cases.indented { $0.line("return " + Self.serverResponse(answerCase.format, status, "value")) }
                    }
                }
            }
        }
    }

    /// `.ok(try JSONCoding.makeDecoder().decode(Pet.self, from: body))`: one case read from `body`.
    private static func reading(_ answerCase: SwiftStatusAnswer.Case) -> String {
        guard let type = answerCase.type else { return "." + answerCase.name }
        let value =
            switch answerCase.format {
            case .none, .json: "try JSONCoding.makeDecoder().decode(\(type.text).self, from: body)"
            case .text: "String(decoding: body, as: UTF8.self)"
            case .data: "body"
            }
        return ".\(answerCase.name)(\(value))"
    }

    /// The `ServerResponse` expression that sends `value` with `status` as `format` says.
    private static func serverResponse(_ format: SwiftResponseFormat, _ status: String, _ value: String) -> String {
        switch format {
        case .none, .json: "try ServerResponse(status: \(status), json: \(value))"
        case .text(let contentType):
            "ServerResponse(status: \(status), text: \(value), contentType: \(contentType.swiftLiteral))"
        case .data(let contentType):
            "ServerResponse(status: \(status), data: \(value), contentType: \(contentType.swiftLiteral))"
        }
    }

    /// `struct PetsListHeaders: ResponseHeaders`: a property per documented header, read and written by name.
    private func renderResponseHeaders(_ headers: SwiftResponseHeaders, into writer: inout CodeWriter) {
        writer.documentation(
            "The headers the success answers of `\(SpecText.singleLine(headers.operationID))` document (an optional "
                + "one is nil when an answer leaves it out).")
        writer.block("\(access)struct \(headers.name): ResponseHeaders, Hashable") { body in
            for field in headers.fields {
                body.documentation(paragraphs: [
                    field.documentation, "The `\(SpecText.singleLine(field.name))` header.",
                ])
                body.line("\(access)var \(field.swiftName): \(field.type.text)\(field.isRequired ? "" : "?")")
            }
            body.line()
            body.line("/// Creates the headers a server sends.")
            let parameters = headers.fields.map {
                "\($0.swiftName): \($0.type.text)\($0.isRequired ? "" : "? = nil")"
            }
            body.block("\(access)init(\(parameters.joined(separator: ", ")))") { initializer in
                for field in headers.fields {
                    initializer.line("self.\(SwiftNaming.bare(field.swiftName)) = \(field.swiftName)")
                }
            }
            body.line()
            body.line("/// Reads the headers of an answer.")
            body.block("\(access)init(reading headers: HeaderReader) throws(ResponseHeaderError)") { initializer in
                for field in headers.fields {
                    let isArray: Bool = if case .array = field.type { true } else { false }
                    let function =
                        switch (isArray, field.isRequired) {
                        case (false, false): "value"
                        case (false, true): "required"
                        case (true, false): "values"
                        case (true, true): "requiredValues"
                        }
                    initializer.line(
                        "self.\(SwiftNaming.bare(field.swiftName)) = try headers.\(function)("
                            + "\(field.name.swiftLiteral), as: \(field.elementType.text).self)")
                }
            }
            body.line()
            body.line("/// Writes the headers that have a value.")
            body.block("\(access)func write(to headers: inout HeaderWriter)") { function in
                for field in headers.fields {
                    function.line(
                        "headers.write(\(field.name.swiftLiteral), self.\(SwiftNaming.bare(field.swiftName)))")
                }
            }
        }
    }

    private func renderEndpointFunctions(_ operations: [SwiftOperation], into writer: inout CodeWriter) {
        for (index, operation) in operations.enumerated() {
            if index > 0 { writer.line() }
            documentation(operation, into: &writer)
            if operation.isDeprecated { writer.line("@available(*, deprecated)") }
            let signature =
                "\(access)static func \(operation.methodName)(\(parameterList(operation, defaults: true))) -> "
                + "Endpoint<\(operation.responseType.text)>"
            writer.block(signature) { body in
                body.line("Endpoint(")
                var arguments = ["method: .\(operation.httpMethod)", "path: \(pathExpression(operation))"]
                if !operation.queryParameters.isEmpty {
                    arguments.append("query: \(Self.items(operation.queryParameters))")
                }
                if !operation.headerParameters.isEmpty {
                    arguments.append("headers: \(Self.items(operation.headerParameters))")
                }
                if !operation.cookieParameters.isEmpty {
                    arguments.append("cookies: \(Self.items(operation.cookieParameters))")
                }
                if let requestBody = operation.body { arguments.append("content: \(Self.content(requestBody))") }
                switch operation.responseFormat {
                case .none, .json: break
                case .text(let contentType):
                    arguments.append("responseFormat: .text(contentType: \(contentType.swiftLiteral))")
                case .data(let contentType):
                    arguments.append("responseFormat: .data(contentType: \(contentType.swiftLiteral))")
                }
                arguments.append("operationID: \(operation.operationID.swiftLiteral)")
                if let errorType = operation.errorType { arguments.append("errorType: \(errorType.text).self") }
                if let server = operation.serverURL {
                    arguments.append("serverURL: URL(checkedLiteral: \(server.swiftLiteral))")
                }
                for (position, argument) in arguments.enumerated() {
                    body.line("    \(argument)\(position == arguments.count - 1 ? "" : ",")")
                }
                body.line(")")
            }
        }
    }

    /// The `[ParameterItem]` expression of some parameters, in order: scalars as `ParameterItem(name, value)` in
    /// array literals, arrays as `ParameterItem.array(…)`, joined with `+`.
    private static func items(_ parameters: [SwiftParameter]) -> String {
        var pieces: [String] = []
        var literal: [String] = []
        for parameter in parameters {
            let value = parameter.swiftName
            if let object = parameter.objectEncoding {
                if !literal.isEmpty { pieces.append("[\(literal.joined(separator: ", "))]") }
                literal = []
                pieces += objectItems(
                    parameter.name, value: value, isOptional: !parameter.isRequired, fields: object.fields,
                    style: object.style, explode: object.explode)
                continue
            }
            guard let encoding = parameter.arrayEncoding else {
                let label = parameter.isJSON ? "json: " : ""
                literal.append("ParameterItem(\(parameter.name.swiftLiteral), \(label)\(value))")
                continue
            }
            if !literal.isEmpty { pieces.append("[\(literal.joined(separator: ", "))]") }
            literal = []
            pieces.append(
                "ParameterItem.array(\(parameter.name.swiftLiteral), \(value), style: .\(encoding.style), "
                    + "explode: \(encoding.explode))")
        }
        if !literal.isEmpty || pieces.isEmpty { pieces.append("[\(literal.joined(separator: ", "))]") }
        return pieces.joined(separator: " + ")
    }

    /// `ParameterItem.object(…)` calls for an object parameter, in property order: a run of scalar properties in one
    /// call, a nested object (`deepObject`) in calls of its own named `name[property]`.
    private static func objectItems(
        _ name: String, value: String, isOptional: Bool, fields: [SwiftBodyField], style: String, explode: Bool
    ) -> [String] {
        var pieces: [String] = []
        var run: [String] = []
        func flush() {
            pieces.append(
                "ParameterItem.object(\(name.swiftLiteral), [\(run.joined(separator: ", "))], "
                    + "style: .\(style), explode: \(explode))")
            run = []
        }
        let access = value + (isOptional ? "?." : ".")
        for field in fields {
            let property = access + SwiftNaming.bare(field.swiftName)
            if case .object(let inner) = field.encoding {
                if !run.isEmpty { flush() }
                pieces += objectItems(
                    name + "[" + field.name + "]", value: property, isOptional: field.isOptional,
                    fields: inner, style: style, explode: explode)
            } else {
                run.append("(\(field.name.swiftLiteral), \(property))")
            }
        }
        if !run.isEmpty || pieces.isEmpty { flush() }
        return pieces
    }

    /// The `RequestContent` expression of the body, `body.map { … }` when it is optional.
    private static func content(_ requestBody: SwiftBody) -> String {
        let expression: String
        switch requestBody.kind {
        case .json: expression = ".json(body)"
        case .text(let contentType): expression = ".text(body, contentType: \(contentType.swiftLiteral))"
        case .data(let contentType): expression = ".data(body, contentType: \(contentType.swiftLiteral))"
        case .form(let fields):
            let parameters = fields.map { field in
                SwiftParameter(
                    name: field.name, swiftName: "body." + SwiftNaming.bare(field.swiftName), type: field.type,
                    isRequired: !field.isOptional, documentation: nil, location: .query,
                    arrayEncoding: field.encoding == .texts ? .init(style: "form", explode: true) : nil)
            }
            expression = ".form(\(items(parameters)))"
        case .multipart(let fields):
            let parts = fields.map { field in
                let value = "body." + SwiftNaming.bare(field.swiftName)
                let function =
                    switch field.encoding {
                    case .text: "text"
                    case .texts: "texts"
                    case .file: "file"
                    case .json, .object: "json"
                    }
                return "MultipartPart.\(function)(\(field.name.swiftLiteral), \(value))"
            }
            expression = ".multipart(\(parts.isEmpty ? "[]" : parts.joined(separator: " + ")))"
        }
        return requestBody.isRequired ? expression : "body.map { body in \(expression) }"
    }

    /// `"/members/\(pathSegment(id))"`.
    private func pathExpression(_ operation: SwiftOperation) -> String {
        let body = Self.templateLiteralBody(operation.pathTemplate) { name, _ in
            operation.pathParameters.first { $0.name == name }.map { parameter in
                "\\(pathSegment(\(parameter.swiftName)))"
            } ?? ""
        }
        return "\"" + body + "\""
    }

    /// The body of a string literal for a `{name}` template (a path or a server URL): the text around the
    /// placeholders escaped by `SpecText`, each placeholder replaced by what `placeholder` makes of its name and its
    /// `{…}` text (an interpolation such as `\(pathSegment(id))`).
    private static func templateLiteralBody(
        _ template: String, placeholder: (_ name: String, _ text: Substring) -> String
    ) -> String {
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += String(rest[..<open]).swiftLiteralBody
            result += placeholder(String(rest[rest.index(after: open)..<close]), rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        return result + String(rest).swiftLiteralBody
    }

    // MARK: - Client.swift

    /// The security schemes and requirements as tables, and an initialiser that takes credentials by scheme name.
    private func renderSecurity(_ security: SwiftSecurity, into writer: inout CodeWriter) {
        writer.line("/// The spec's security schemes, by name: how each sends its credential.")
        writer.line("\(access)static let securitySchemes: [String: SecurityScheme] = [")
        for scheme in security.schemes { writer.line("    \(scheme.name.swiftLiteral): \(scheme.expression),") }
        writer.line("]")
        writer.line()
        writer.line(
            "/// The schemes each operation accepts, by operationId; operations the spec leaves open are not listed.")
        if security.requirements.isEmpty {
            writer.line("\(access)static let securityRequirements: [String: [String]] = [:]")
        } else {
            writer.line("\(access)static let securityRequirements: [String: [String]] = [")
            for requirement in security.requirements {
                let names = requirement.schemes.map(\.swiftLiteral).joined(separator: ", ")
                writer.line("    \(requirement.operationID.swiftLiteral): [\(names)],")
            }
            writer.line("]")
        }
        writer.line()
        writer.documentation(paragraphs: [
            "Creates a client that adds to each request the credential its operation accepts (`SecurityMiddleware`).",
            [
                "- Parameters:",
                "  - serverURL: The API's base URL.",
                "  - transport: What sends the requests.",
                "  - credentials: A credential per scheme name of `securitySchemes`; never logged or put into an "
                    + "error.",
                "  - middlewares: Run around every request, after the credential is added.",
                "  - configuration: Time limits, response-size limit, retries and logging.",
            ].joined(separator: "\n"),
        ])
        let serverDefault = defaultServerURL == nil ? "" : " = \(clientName).defaultServerURL"
        writer.line("\(access)init(")
        writer.line("    serverURL: URL\(serverDefault),")
        writer.line("    transport: any APITransport,")
        writer.line("    credentials: [String: Credential],")
        writer.line("    middlewares: [any APIMiddleware] = [],")
        writer.line("    configuration: APIClient.Configuration = .init()")
        writer.block(")") { body in
            body.line("let secrets = Secrets()")
            body.line("let security = SecurityMiddleware(")
            body.line(
                "    schemes: Self.securitySchemes, requirements: Self.securityRequirements, credentials: credentials,")
            body.line("    secrets: secrets)")
            body.line("self.init(")
            body.line("    apiClient: APIClient(")
            body.line("        serverURL: serverURL, transport: transport, middlewares: [security] + middlewares,")
            body.line("        configuration: configuration, secrets: secrets))")
        }
    }

    /// `static func serverURL(region: String = "eu") -> URL?`: the first server with its variables filled in.
    private func renderServerURLFunction(_ server: SwiftServerTemplate, into writer: inout CodeWriter) {
        let parameterLines = server.variables.map { variable in
            let allowed = variable.allowedValues.map { values in
                "One of " + values.map { "`\($0)`" }.joined(separator: ", ") + "."
            }
            let text = [variable.documentation, allowed, "Default `\(variable.defaultValue)`."]
                .compactMap { $0 }.joined(separator: " ")
            return "- Parameter \(SwiftNaming.bare(variable.swiftName)): " + SpecText.singleLine(text)
        }
        writer.documentation(paragraphs: [
            "The first server of the spec, `\(SpecText.singleLine(server.template))`, with its variables filled in "
                + "(each percent-encoded); nil when the values do not make a URL.",
            parameterLines.joined(separator: "\n"),
        ])
        let parameters = server.variables.map {
            "\($0.swiftName): String = \($0.defaultValue.swiftLiteral)"
        }
        writer.block("\(access)static func serverURL(\(parameters.joined(separator: ", "))) -> URL?") { body in
            let literal = Self.templateLiteralBody(server.template) { name, text in
                server.variables.first { $0.name == name }.map { variable in
                    "\\(pathSegment(\(variable.swiftName)))"
                } ?? String(text).swiftLiteralBody
            }
            body.line("URL(string: \"\(literal)\")")
        }
    }

    func renderClient(_ groups: [SwiftGroup], into writer: inout CodeWriter) {
        writer.documentation("A client of \(apiTitle): one property per group of operations.")
        writer.block("\(access)struct \(clientName): Sendable") { body in
            body.line("/// Executes the endpoints: server URL, transport, middlewares.")
            body.line("\(access)var apiClient: APIClient")
            body.line()
            if let defaultServerURL {
                body.line("/// The first server of the spec.")
                body.line(
                    "\(access)static let defaultServerURL = URL(checkedLiteral: \(defaultServerURL.swiftLiteral))")
                body.line()
            }
            if let serverTemplate {
                renderServerURLFunction(serverTemplate, into: &body)
                body.line()
            }
            body.line("/// Creates a client that sends its requests through `apiClient`.")
            body.block("\(access)init(apiClient: APIClient)") { initializer in
                initializer.line("self.apiClient = apiClient")
            }
            if let security {
                body.line()
                renderSecurity(security, into: &body)
            }
            for group in groups where !group.isUntagged {
                body.line()
                body.documentation(paragraphs: [groupDocumentation(group)])
                let names = group.names
                body.line(
                    "\(access)var \(names.propertyName): \(names.apiName) { \(names.apiName)(apiClient: apiClient) }")
            }
            for group in groups where group.isUntagged {
                body.line()
                renderClientMethods(group, into: &body)
            }
        }
        for group in groups where !group.isUntagged {
            writer.line()
            writer.documentation(paragraphs: [
                groupDocumentation(group), "Get one from `\(clientName).\(group.names.propertyName)`.",
            ])
            writer.block("\(access)struct \(group.names.apiName): Sendable") { body in
                body.line("/// Executes the endpoints.")
                body.line("\(access)let apiClient: APIClient")
                body.line()
                body.line("/// Creates the group on top of `apiClient`.")
                body.block("\(access)init(apiClient: APIClient)") { initializer in
                    initializer.line("self.apiClient = apiClient")
                }
                body.line()
                renderClientMethods(group, into: &body)
            }
        }
    }

    private func renderClientMethods(_ group: SwiftGroup, into writer: inout CodeWriter) {
        let namespace = group.endpointsPath
        for (index, operation) in group.operations.enumerated() {
            if index > 0 { writer.line() }
            let arguments =
                operation.pathParameters.map { "\(SwiftNaming.bare($0.swiftName)):" }
                + (operation.body == nil ? [] : ["_:"])
                + operation.trailingParameters.map { "\(SwiftNaming.bare($0.swiftName)):" }
            // The documentation people read in Quick Help and DocC: everything the spec says about the operation.
            let request = SpecText.singleLine("`\(operation.httpMethod.uppercased()) \(operation.pathTemplate)`")
            writer.documentation(paragraphs: [
                operation.summary, operation.documentation,
                "\(request), sent as `\(namespace).\(operation.methodName)(\(arguments.joined()))`.",
                [parameterDocs(operation), "- Throws: `APIError` for every failure, with the server's error body."]
                    .compactMap { $0 }.joined(separator: "\n"),
            ])
            if operation.isDeprecated { writer.line("@available(*, deprecated)") }
            let returns = operation.hasNoBody ? "" : " -> \(operation.responseType.text)"
            let signature =
                "\(access)func \(operation.methodName)(\(parameterList(operation, defaults: true))) async "
                + "throws(APIError)\(returns)"
            let call = "\(namespace).\(operation.methodName)(\(argumentList(operation)))"
            writer.block(signature) { body in
                if returns.isEmpty {
                    body.line("_ = try await apiClient.send(\(call))")
                } else {
                    body.line("try await apiClient.send(\(call))")
                }
            }
            guard let headers = operation.responseHeaders else { continue }
            writer.line()
            let bodyless = operation.hasNoBody
            writer.documentation(paragraphs: [
                "`\(operation.methodName)` with the headers its answer documents.",
                "- Returns: " + (bodyless ? "The headers." : "The answer and its headers.") + "\n"
                    + "- Throws: `APIError` for every failure; `.decodingFailed` naming a header that does not read.",
            ])
            if operation.isDeprecated { writer.line("@available(*, deprecated)") }
            let result = bodyless ? headers.name : "(value: \(operation.responseType.text), headers: \(headers.name))"
            writer.block(
                "\(access)func \(headers.methodName)(\(parameterList(operation, defaults: true))) async "
                    + "throws(APIError) -> \(result)"
            ) { body in
                body.line(
                    "try await apiClient.send(\(call), headers: \(headers.name).self)\(bodyless ? ".headers" : "")")
            }
        }
    }

    // MARK: - Server.swift

    func renderServer(_ groups: [SwiftGroup], serverName: String?, into writer: inout CodeWriter) {
        if let serverName {
            renderServerComposition(groups, named: serverName, into: &writer)
            writer.line()
        }
        for (index, group) in groups.enumerated() {
            if index > 0 { writer.line() }
            let service = group.names.serviceName
            writer.documentation(paragraphs: [
                "What a server of the `\(group.isUntagged ? "untagged" : group.names.propertyName)` operations "
                    + "implements: one requirement per operation.",
                "Throw `ServiceError` to answer with another status; `\(group.endpointsPath).route(_:to:)` hands "
                    + "requests to an implementation.",
            ])
            writer.block("\(access)protocol \(service): Sendable") { body in
                for (position, operation) in group.operations.enumerated() {
                    if position > 0 { body.line() }
                    for (index, requirement) in serviceRequirements(operation).enumerated() {
                        if index > 0 { body.line() }
                        body.documentation(paragraphs: [
                            operation.summary, "`\(operation.httpMethod.uppercased()) \(operation.pathTemplate)`",
                            index > 0 || operation.responseHeaders?.hasRequiredField == true
                                ? "With the headers the answer documents." : nil,
                        ])
                        body.line(requirement)
                    }
                }
            }
            let defaulted = group.operations.filter {
                $0.responseHeaders != nil && $0.responseHeaders?.hasRequiredField == false
            }
            if !defaulted.isEmpty {
                writer.line()
                writer.block("extension \(service)") { body in
                    for (index, operation) in defaulted.enumerated() {
                        guard let headers = operation.responseHeaders else { continue }
                        if index > 0 { body.line() }
                        body.line(
                            "/// `\(operation.methodName)` without headers: implement this to send them.")
                        let signature =
                            "\(access)func \(headers.methodName)(\(parameterList(operation, defaults: false))) "
                            + "async throws -> \(Self.withHeadersResult(operation, headers))"
                        body.block(signature) { function in
                            let call = "\(operation.methodName)(\(argumentList(operation)))"
                            if operation.hasNoBody {
                                function.line("_ = try await \(call)")
                                function.line("return \(headers.name)()")
                            } else {
                                function.line("(try await \(call), \(headers.name)())")
                            }
                        }
                    }
                }
            }
            writer.line()
            writer.block("extension \(group.endpointsPath)") { body in
                body.line(
                    "/// Decodes the request's parameters and body, calls the operation it names and encodes the "
                        + "answer."
                )
                body.line("///")
                body.line(
                    "/// - Returns: The answer, or nil when no operation of this group has the request's method "
                        + "and path."
                )
                body.line(
                    "/// - Throws: `ServerRequestError` when a parameter or the body does not decode; what the "
                        + "service throws."
                )
                body.block(
                    "\(access)static func route(_ request: ServerRequest, to service: some \(service)) async "
                        + "throws -> ServerResponse?"
                ) { route in
                    for operation in Self.routeOrder(group.operations) {
                        renderRoute(operation, into: &route)
                    }
                    route.line("return nil")
                }
            }
        }
    }

    /// `typealias PyrusServer = MembersService & RolesService`, and `Endpoints.serve(_:with:)`, which hands a
    /// request to whichever group's operation it names: one router for a server that implements every group.
    private func renderServerComposition(_ groups: [SwiftGroup], named name: String, into writer: inout CodeWriter) {
        writer.documentation("What a server of every operation implements: the services of all groups.")
        writer.line("\(access)typealias \(name) = \(groups.map(\.names.serviceName).joined(separator: " & "))")
        writer.line()
        writer.block("extension Endpoints") { body in
            body.documentation(paragraphs: [
                "Hands the request to the group whose operation it names, in spec order.",
                "- Returns: The answer, or nil when no operation has the request's method and path.",
            ])
            body.block(
                "\(access)static func serve(_ request: ServerRequest, with service: some \(name)) async throws "
                    + "-> ServerResponse?"
            ) { serve in
                for group in groups {
                    serve.block("if let response = try await \(group.endpointsPath).route(request, to: service)") {
                        $0.line("return response")
                    }
                }
                serve.line("return nil")
            }
        }
    }

    /// Literal segments before parameters, so `/members/me` wins over `/members/{id}`; otherwise spec order. The
    /// order is total — by segment count (templates of different lengths never match the same path), then by
    /// where the first parameter stands, then spec order — so that sorting is well defined however many routes
    /// there are.
    static func routeOrder(_ operations: [SwiftOperation]) -> [SwiftOperation] {
        operations.enumerated().sorted { lhs, rhs in
            let left = lhs.element.pathTemplate.split(separator: "/").map { $0.hasPrefix("{") }
            let right = rhs.element.pathTemplate.split(separator: "/").map { $0.hasPrefix("{") }
            if left.count != right.count { return left.count < right.count }
            if left != right { return left.lexicographicallyPrecedes(right) { !$0 && $1 } }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }

    private func renderRoute(_ operation: SwiftOperation, into writer: inout CodeWriter) {
        let binding =
            operation.pathParameters.isEmpty
            ? "request.match(\(operation.pathTemplate.swiftLiteral)) != nil"
            : "let path = request.match(\(operation.pathTemplate.swiftLiteral))"
        writer.block("if request.method == .\(operation.httpMethod), \(binding)") { body in
            for parameter in operation.pathParameters {
                body.line(
                    "let \(parameter.swiftName) = try request.pathParameter(\(parameter.name.swiftLiteral), in: "
                        + "path, as: \(parameter.type.text).self)"
                )
            }
            if let requestBody = operation.body {
                renderBodyDecoding(requestBody, into: &body)
            }
            for parameter in operation.trailingParameters {
                let name = parameter.name.swiftLiteral
                if let object = parameter.objectEncoding {
                    renderObjectDecoding(parameter, object, into: &body)
                    continue
                }
                let read: String
                switch (parameter.location, parameter.arrayEncoding) {
                case _ where parameter.isJSON:
                    read =
                        "try request.jsonParameter(\(name), in: .\(parameter.location), "
                        + "as: \(parameter.type.text).self)"
                case (.query, let encoding?):
                    read =
                        "try request.queryParameters(\(name), as: \(parameter.elementType.text).self, "
                        + "style: .\(encoding.style), explode: \(encoding.explode))"
                case (.header, .some):
                    read = "try request.headerParameters(\(name), as: \(parameter.elementType.text).self)"
                case (.header, nil):
                    read = "try request.headerParameter(\(name), as: \(parameter.type.text).self)"
                case (.cookie, _):
                    read = "try request.cookieParameter(\(name), as: \(parameter.type.text).self)"
                case (.query, nil), (.path, _):
                    read = "try request.queryParameter(\(name), as: \(parameter.type.text).self)"
                }
                if parameter.isRequired {
                    body.line("guard let \(parameter.swiftName) = \(read) else {")
                    body.line(
                        "    throw ServerRequestError.invalidParameter(name: \(parameter.name.swiftLiteral), "
                            + "reason: \"is required\")"
                    )
                    body.line("}")
                } else {
                    body.line("let \(parameter.swiftName) = \(read)")
                }
            }
            let call = "service.\(operation.methodName)(\(argumentList(operation)))"
            let status = Self.status(operation.successStatus)
            if let headers = operation.responseHeaders {
                renderAnswerWithHeaders(operation, headers, into: &body)
            } else if operation.statusAnswer != nil {
                body.line("return try await \(call).serverResponse()")
            } else if operation.hasNoBody {
                body.line("_ = try await \(call)")
                body.line("return ServerResponse(status: \(status))")
            } else if let empty = operation.emptySuccessStatus {
                // `nil` from the service is the success without a body.
                body.block("guard let answer = try await \(call) else") {
                    $0.line("return ServerResponse(status: \(Self.status(empty)))")
                }
                switch operation.responseFormat {
                case .none, .json: body.line("return try ServerResponse(status: \(status), json: answer)")
                case .text(let contentType):
                    body.line(
                        "return ServerResponse(status: \(status), text: answer, "
                            + "contentType: \(contentType.swiftLiteral))")
                case .data(let contentType):
                    body.line(
                        "return ServerResponse(status: \(status), data: answer, "
                            + "contentType: \(contentType.swiftLiteral))")
                }
            } else {
                switch operation.responseFormat {
                case .none, .json:
                    body.line("return try ServerResponse(status: \(status), json: await \(call))")
                case .text(let contentType):
                    body.line(
                        "return ServerResponse(status: \(status), text: try await \(call), "
                            + "contentType: \(contentType.swiftLiteral))")
                case .data(let contentType):
                    body.line(
                        "return ServerResponse(status: \(status), data: try await \(call), "
                            + "contentType: \(contentType.swiftLiteral))")
                }
            }
        }
    }

    /// The end of a route whose answer documents headers: the service's `…WithHeaders` gives the answer and its
    /// headers, and both go into the response.
    private func renderAnswerWithHeaders(
        _ operation: SwiftOperation, _ headers: SwiftResponseHeaders, into body: inout CodeWriter
    ) {
        let call = "service.\(headers.methodName)(\(argumentList(operation)))"
        let status = Self.status(operation.successStatus)
        if operation.hasNoBody {
            body.line("let headers = try await \(call)")
            body.line("var response = ServerResponse(status: \(status))")
        } else {
            body.line("let (answer, headers) = try await \(call)")
            if operation.statusAnswer != nil {
                body.line("var response = try answer.serverResponse()")
            } else if let empty = operation.emptySuccessStatus {
                body.line(
                    "var response = try answer.map { answer in "
                        + Self.serverResponse(operation.responseFormat, status, "answer") + " } "
                        + "?? ServerResponse(status: \(Self.status(empty)))")
            } else {
                body.line("var response = " + Self.serverResponse(operation.responseFormat, status, "answer"))
            }
        }
        body.line("response.write(headers)")
        body.line("return response")
    }

    /// The service requirements of an operation: the operation, and `…WithHeaders` when its answer documents
    /// headers (only that one when a header is required, since then the service must always give them).
    private func serviceRequirements(_ operation: SwiftOperation) -> [String] {
        let parameters = parameterList(operation, defaults: false)
        var requirements: [String] = []
        if operation.responseHeaders?.hasRequiredField != true {
            requirements.append(
                "func \(operation.methodName)(\(parameters)) async throws -> \(operation.responseType.text)")
        }
        if let headers = operation.responseHeaders {
            requirements.append(
                "func \(headers.methodName)(\(parameters)) async throws -> "
                    + Self.withHeadersResult(operation, headers)
            )
        }
        return requirements
    }

    /// `(Pets, PetsListHeaders)`, or the headers alone for an answer without a body.
    private static func withHeadersResult(_ operation: SwiftOperation, _ headers: SwiftResponseHeaders) -> String {
        operation.hasNoBody
            ? headers.name : "(\(operation.responseType.text), \(headers.name))"
    }

    /// `let body = …`: the request body read as its media type says; nil for an absent optional body.
    private func renderBodyDecoding(_ requestBody: SwiftBody, into body: inout CodeWriter) {
        let type = requestBody.type.text
        let read: String
        switch requestBody.kind {
        case .json: read = "try request.decodeBody(\(type).self)"
        case .text: read = "try request.textBody()"
        case .data: read = "request.body"
        case .form(let fields), .multipart(let fields):
            let isForm: Bool = if case .form = requestBody.kind { true } else { false }
            if requestBody.isRequired {
                renderFieldDecoding(fields, isForm: isForm, type: type, into: &body)
                body.line("let body = built")
            } else {
                body.line("let body: \(type)?")
                body.line("if request.body.isEmpty {")
                body.line("    body = nil")
                body.line("} else {")
                var inner = CodeWriter()
                renderFieldDecoding(fields, isForm: isForm, type: type, into: &inner)
                inner.line("body = built")
                for line in inner.text.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
                    body.line("    " + line)
                }
                body.line("}")
            }
            return
        }
        body.line(requestBody.isRequired ? "let body = \(read)" : "let body = request.body.isEmpty ? nil : \(read)")
    }

    /// `let filter: Filter?` from an object query parameter's properties; a required parameter must be present.
    private func renderObjectDecoding(
        _ parameter: SwiftParameter, _ object: SwiftParameter.ObjectEncoding, into body: inout CodeWriter
    ) {
        let name = parameter.name.swiftLiteral
        let local = parameter.swiftName
        if object.fields.contains(where: { if case .object = $0.encoding { true } else { false } }) {
            body.line("let \(local): \(parameter.type.text)? = try { () throws -> \(parameter.type.text)? in")
            var inner = CodeWriter()
            renderNestedObjectDecoding(
                parameter.name, type: parameter.type.text, fields: object.fields, style: object.style,
                explode: object.explode, into: &inner)
            for line in inner.text.split(separator: "\n") { body.line("    " + line) }
            body.line("}()")
        } else {
            renderFlatObjectDecoding(parameter, object, into: &body)
        }
        if parameter.isRequired {
            body.line("guard let \(local) else {")
            body.line("    throw ServerRequestError.invalidParameter(name: \(name), reason: \"is required\")")
            body.line("}")
        }
    }

    /// The body of a closure that returns a `deepObject` parameter's struct, or nil when none of its properties
    /// (`name[property]`, `name[object][property]`, …) is present: each nested object read by a closure of its own.
    private func renderNestedObjectDecoding(
        _ name: String, type: String, fields: [SwiftBodyField], style: String, explode: Bool,
        into body: inout CodeWriter
    ) {
        let scalars = fields.filter { if case .object = $0.encoding { false } else { true } }
        let properties = scalars.map(\.name.swiftLiteral).joined(separator: ", ")
        body.line(
            "let fields = try request.objectParameter(\(name.swiftLiteral), style: .\(style), explode: \(explode), "
                + "properties: [\(properties)])")
        var nestedLocals: [String: String] = [:]
        for field in fields {
            guard case .object(let innerFields) = field.encoding else { continue }
            let local = "nested\(nestedLocals.count + 1)"
            nestedLocals[field.name] = local
            body.line("let \(local): \(field.type.text)? = try { () throws -> \(field.type.text)? in")
            var inner = CodeWriter()
            renderNestedObjectDecoding(
                name + "[" + field.name + "]", type: field.type.text, fields: innerFields, style: style,
                explode: explode, into: &inner)
            for line in inner.text.split(separator: "\n") { body.line("    " + line) }
            body.line("}()")
        }
        let present = ["fields != nil"] + fields.compactMap { nestedLocals[$0.name].map { "\($0) != nil" } }
        body.line("guard \(present.joined(separator: " || ")) else { return nil }")
        body.line("let found = fields ?? [:]")
        renderBuilding(
            type, from: fields,
            read: { nestedLocals[$0.name] ?? Self.propertyRead($0, from: "found", of: name) },
            missing: { Self.missingProperty($0, of: name) }, into: &body)
        body.line("return built")
    }

    /// `try ServerRequest.property(fields, "color", of: "filter", as: String.self)`: one property of an object
    /// parameter, read from the dictionary named `fields`.
    private static func propertyRead(_ field: SwiftBodyField, from fields: String, of parameter: String) -> String {
        "try ServerRequest.property(\(fields), \(field.name.swiftLiteral), of: \(parameter.swiftLiteral), "
            + "as: \(field.type.text).self)"
    }

    /// The `ServerRequestError` case for a required property of an object parameter that is missing.
    private static func missingProperty(_ field: SwiftBodyField, of parameter: String) -> String {
        let reason = "property '" + field.name + "' is required"
        return "invalidParameter(name: \(parameter.swiftLiteral), reason: \(reason.swiftLiteral))"
    }

    /// `var filter: Filter?` from the properties of an object query parameter whose properties are all scalars.
    private func renderFlatObjectDecoding(
        _ parameter: SwiftParameter, _ object: SwiftParameter.ObjectEncoding, into body: inout CodeWriter
    ) {
        let name = parameter.name.swiftLiteral
        let local = parameter.swiftName
        let properties = object.fields.map(\.name.swiftLiteral).joined(separator: ", ")
        body.line("var \(local): \(parameter.type.text)?")
        body.block(
            "if let fields = try request.objectParameter(\(name), style: .\(object.style), explode: \(object.explode), "
                + "properties: [\(properties)])"
        ) { found in
            renderBuilding(
                parameter.type.text, from: object.fields,
                read: { Self.propertyRead($0, from: "fields", of: parameter.name) },
                missing: { Self.missingProperty($0, of: parameter.name) }, into: &found)
            found.line("\(local) = built")
        }
    }

    /// `built`: the body's struct from its fields — the required ones through the memberwise initialiser, the others
    /// assigned when present.
    private func renderFieldDecoding(
        _ fields: [SwiftBodyField], isForm: Bool, type: String, into body: inout CodeWriter
    ) {
        body.line(isForm ? "let form = try request.formBody()" : "let parts = try request.multipartBody()")
        func read(_ field: SwiftBodyField) -> String {
            let name = field.name.swiftLiteral
            switch (isForm, field.encoding) {
            case (true, .texts):
                return "try form.queryParameters(\(name), as: \(field.elementType.text).self)"
            case (true, _):
                return "try form.queryParameter(\(name), as: \(field.type.text).self)"
            case (false, .text): return "try parts.text(\(name), as: \(field.type.text).self)"
            case (false, .texts): return "try parts.texts(\(name), as: \(field.elementType.text).self)"
            case (false, .file): return "parts.file(\(name))"
            case (false, .json), (false, .object): return "try parts.json(\(name), as: \(field.type.text).self)"
            }
        }
        renderBuilding(
            type, from: fields, read: read,
            missing: { field in
                "invalidParameter(name: \(field.name.swiftLiteral), reason: \"is required\")"
            }, into: &body)
    }

    /// `built`: a struct from fields read by `read` — the required ones through the memberwise initialiser (a
    /// missing one throws the `ServerRequestError` case `missing` spells), the others assigned when present.
    private func renderBuilding(
        _ type: String, from fields: [SwiftBodyField], read: (SwiftBodyField) -> String,
        missing: (SwiftBodyField) -> String, into body: inout CodeWriter
    ) {
        var arguments: [String] = []
        for field in fields where !field.isOptional && !field.hasDefault {
            let local = "field" + SwiftNaming.typeName(SwiftNaming.bare(field.swiftName))
            body.line("guard let \(local) = \(read(field)) else {")
            body.line("    throw ServerRequestError.\(missing(field))")
            body.line("}")
            arguments.append("\(SwiftNaming.bare(field.swiftName)): \(local)")
        }
        let others = fields.filter { $0.isOptional || $0.hasDefault }
        body.line("\(others.isEmpty ? "let" : "var") built = \(type)(\(arguments.joined(separator: ", ")))")
        for field in others {
            let property = "built." + SwiftNaming.bare(field.swiftName)
            if field.isOptional {
                body.line("\(property) = \(read(field))")
            } else {
                body.line("if let value = \(read(field)) { \(property) = value }")
            }
        }
    }
}
