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
        var parts: [String] = operation.pathParameters.map { "\($0.swiftName): \(SwiftNaming.bare($0.swiftName))" }
        if operation.body != nil { parts.append("body") }
        parts += operation.trailingParameters.map {
            "\($0.swiftName): \(SwiftNaming.bare($0.swiftName))"
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
        let names = [
            200: "ok", 201: "created", 202: "accepted", 203: "nonAuthoritativeInformation", 204: "noContent",
            205: "resetContent", 206: "partialContent",
        ]
        return names[code].map { "." + $0 } ?? ".init(code: \(code))"
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
            let value = SwiftNaming.bare(parameter.swiftName)
            if let object = parameter.objectEncoding {
                if !literal.isEmpty { pieces.append("[\(literal.joined(separator: ", "))]") }
                literal = []
                let access = value + (parameter.isRequired ? "." : "?.")
                let properties = object.fields.map {
                    "(\($0.name.swiftLiteral), \(access)\(SwiftNaming.bare($0.swiftName)))"
                }
                pieces.append(
                    "ParameterItem.object(\(parameter.name.swiftLiteral), [\(properties.joined(separator: ", "))], "
                        + "style: .\(object.style), explode: \(object.explode))")
                continue
            }
            guard let encoding = parameter.arrayEncoding else {
                literal.append("ParameterItem(\(parameter.name.swiftLiteral), \(value))")
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
                    case .json: "json"
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
                "\\(pathSegment(\(SwiftNaming.bare(parameter.swiftName))))"
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
                    "\\(pathSegment(\(SwiftNaming.bare(variable.swiftName))))"
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
            let returns = operation.responseFormat == .none ? "" : " -> \(operation.responseType.text)"
            let signature =
                "\(access)func \(operation.methodName)(\(parameterList(operation, defaults: true))) async "
                + "throws(APIError)\(returns)"
            writer.block(signature) { body in
                let call = "\(namespace).\(operation.methodName)(\(argumentList(operation)))"
                if returns.isEmpty {
                    body.line("_ = try await apiClient.send(\(call))")
                } else {
                    body.line("try await apiClient.send(\(call))")
                }
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
                    body.documentation(paragraphs: [
                        operation.summary, "`\(operation.httpMethod.uppercased()) \(operation.pathTemplate)`",
                    ])
                    body.line(
                        "func \(operation.methodName)(\(parameterList(operation, defaults: false))) async throws "
                            + "-> \(operation.responseType.text)"
                    )
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
            if operation.responseFormat == .none {
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
        let properties = object.fields.map(\.name.swiftLiteral).joined(separator: ", ")
        body.line("var \(local): \(parameter.type.text)?")
        body.block(
            "if let fields = try request.objectParameter(\(name), style: .\(object.style), explode: \(object.explode), "
                + "properties: [\(properties)])"
        ) { found in
            renderBuilding(
                parameter.type.text, from: object.fields,
                read: { field in
                    "try ServerRequest.property(fields, \(field.name.swiftLiteral), of: \(name), "
                        + "as: \(field.type.text).self)"
                },
                missing: { field in
                    let reason = "property '" + field.name + "' is required"
                    return "invalidParameter(name: \(name), reason: \(reason.swiftLiteral))"
                }, into: &found)
            found.line("\(SwiftNaming.bare(local)) = built")
        }
        if parameter.isRequired {
            body.line("guard let \(local) else {")
            body.line("    throw ServerRequestError.invalidParameter(name: \(name), reason: \"is required\")")
            body.line("}")
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
            case (false, .json): return "try parts.json(\(name), as: \(field.type.text).self)"
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
