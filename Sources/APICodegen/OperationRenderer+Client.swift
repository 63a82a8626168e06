// Client.swift: the client, its security schemes and server URL, and a method per operation in each group.
import Foundation

extension OperationRenderer {
    /// The security schemes and requirements as tables, and an initialiser that takes credentials by scheme name.
    func renderSecurity(_ security: SwiftSecurity, into writer: inout CodeWriter) {
        writer.line("/// The spec's security schemes, by name: how each sends its credential.")
        writer.line("\(access)static let securitySchemes: [String: SecurityScheme] = [")
        for scheme in security.schemes { writer.line("    \(scheme.name.swiftLiteral): \(scheme.expression),") }
        writer.line("]")
        writer.line()
        writer.line(
            "/// The security each operation accepts, by operationId: alternatives in spec order, each the schemes sent"
        )
        writer.line(
            "/// together (`[]` lets a request go without a credential); operations the spec leaves open are not "
                + "listed.")
        if security.requirements.isEmpty {
            writer.line("\(access)static let securityRequirements: [String: [[String]]] = [:]")
        } else {
            writer.line("\(access)static let securityRequirements: [String: [[String]]] = [")
            for requirement in security.requirements {
                let alternatives = requirement.alternatives.map { names in
                    "[" + names.map(\.swiftLiteral).joined(separator: ", ") + "]"
                }
                writer.line("    \(requirement.operationID.swiftLiteral): [\(alternatives.joined(separator: ", "))],")
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
                "    schemes: Self.securitySchemes, alternatives: Self.securityRequirements, credentials: credentials,")
            body.line("    secrets: secrets)")
            body.line("self.init(")
            body.line("    apiClient: APIClient(")
            body.line("        serverURL: serverURL, transport: transport, middlewares: [security] + middlewares,")
            body.line("        configuration: configuration, secrets: secrets))")
        }
    }

    /// `static func serverURL(region: String = "eu") -> URL?`: the first server with its variables filled in.
    func renderServerURLFunction(_ server: SwiftServerTemplate, into writer: inout CodeWriter) {
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

    func renderClientMethods(_ group: SwiftGroup, into writer: inout CodeWriter) {
        let namespace = group.endpointsPath
        for (index, operation) in group.operations.flatMap({ [$0] + $0.clientVariants }).enumerated() {
            if index > 0 { writer.line() }
            let arguments =
                operation.pathParameters.map { "\(SwiftNaming.argumentLabel($0.swiftName)):" }
                + (operation.body == nil ? [] : ["_:"])
                + operation.trailingParameters.map { "\(SwiftNaming.argumentLabel($0.swiftName)):" }
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

}
