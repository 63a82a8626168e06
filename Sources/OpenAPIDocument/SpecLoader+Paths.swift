import APISpecCore
import Foundation

/// Paths and operations, and their parameters (their bodies and responses: SpecLoader+Content).
extension SpecLoader {
    /// The operations of `paths`, or of Azure's `x-ms-paths` (`fromAzurePaths`), whose keys may carry a query
    /// string: keys that differ only in it (`/{container}?restype=container&comp=list`) are operations of their
    /// own, sent with those query items and routed by them.
    mutating func readPaths(_ node: SpecNode, fromAzurePaths: Bool = false) throws -> [APIOperation] {
        var operations: [APIOperation] = []
        for pathEntry in try entries(node, of: fromAzurePaths ? "'x-ms-paths'" : "'paths'") ?? [] {
            if pathEntry.key.hasPrefix("x-") { continue }
            // Not a path: other tools skip such a key too (a misplaced `parameters`, a path written without its
            // slash), so it is a warning and nothing is generated for it.
            guard pathEntry.key.hasPrefix("/") else {
                warning(
                    "a path must start with '/', found '\(pathEntry.key)'; nothing is generated for it",
                    at: pathEntry.keyLocation, path: pathEntry.value.pathString)
                continue
            }
            checkQueryAndFragment(of: pathEntry, fromAzurePaths: fromAzurePaths)
            guard let items = try entries(pathEntry.value, of: "the path item '\(pathEntry.key)'") else { continue }
            var shared: [Parameter] = []
            if let parametersEntry = items.first(where: { $0.key == "parameters" }) {
                shared = try readParameters(parametersEntry.value)
            }
            for item in items {
                if let method = HTTPMethod(rawValue: item.key) {
                    if var operation = try readOperation(item, method: method, path: pathEntry.key, shared: shared) {
                        checkPathParameters(&operation, templateNames: operation.templateParameterNames, at: item)
                        operations.append(operation)
                    }
                } else {
                    switch item.key {
                    case "parameters", "summary", "description", "servers": break
                    case "query", "additionalOperations":
                        // OpenAPI 3.2's QUERY method and methods of any name.
                        warning(
                            "'\(item.key)' (OpenAPI 3.2) is not generated: the client has no method for it",
                            at: item.keyLocation, path: item.value.pathString)
                    default:
                        if !item.key.hasPrefix("x-") {
                            let suggestion = hint(for: item.key, among: HTTPMethod.allCases.map(\.rawValue))
                            warning(
                                "unknown key '\(item.key)' in a path item is ignored\(suggestion)",
                                at: item.keyLocation,
                                path: item.value.pathString)
                        }
                    }
                }
            }
        }
        return operations
    }

    /// What a path key carries beyond a path, which OpenAPI does not define: a query string (a warning outside
    /// Azure's `x-ms-paths`, whose keys have one), and a fragment, whose `name=value` items are header fields (a
    /// warning; one whose name is not a header name is ignored) and whose other items only tell apart operations of
    /// one path (a note). `APIOperation.fixedQuery` and `fixedHeaders` read the same key for the generator.
    mutating func checkQueryAndFragment(of pathEntry: SpecEntry, fromAzurePaths: Bool) {
        let key = pathEntry.key
        func report(_ message: String, asNote: Bool = false) {
            if asNote {
                note(message, at: pathEntry.keyLocation, path: pathEntry.value.pathString)
            } else {
                warning(message, at: pathEntry.keyLocation, path: pathEntry.value.pathString)
            }
        }
        let query = key.drop { $0 != "?" }.dropFirst().prefix { $0 != "#" }
        if !fromAzurePaths, !query.isEmpty {
            report(
                "the path '\(key)' has a query string, which OpenAPI paths do not; it is read as Azure's x-ms-paths "
                    + "reads one: '\(query)' is sent with every request of the path, and routes match only requests "
                    + "that have it")
        }
        guard let fragment = key.firstIndex(of: "#") else { return }
        var headers: [String] = []
        for item in key[key.index(after: fragment)...].split(separator: "&") {
            guard item.contains("="), let (name, value) = APIOperation.items(item).first else {
                report(
                    "'#\(item)' in the path '\(key)' is not sent (a fragment is not part of a request): it tells apart "
                        + "operations of one path, as Speakeasy writes them, and generated routes take them in spec "
                        + "order", asNote: true)
                continue
            }
            guard APIOperation.isHeaderName(name) else {
                report("'\(name)' in the fragment of the path '\(key)' is not a header name; it is ignored")
                continue
            }
            headers.append("\(name): \(value)")
        }
        if !headers.isEmpty {
            report(
                "the path '\(key)' has a fragment, which OpenAPI paths do not; it is read as the AWS specs of "
                    + "APIs.guru write one: the header '\(headers.joined(separator: "', '"))' is sent with every "
                    + "request of the path, and routes match only requests that have it")
        }
    }

    /// The path parameters agree with the template, as other tools make them when the spec is slightly wrong: a
    /// `{name}` no parameter declares becomes a required `String` path parameter, and a path parameter the template
    /// does not have is left out, each with a warning.
    ///
    /// A declared parameter that the template writes as a whole segment `:name` (Express's and Sinatra's notation,
    /// which specs written beside such servers keep: `/users/:id`) is read as `{name}`, with a warning.
    mutating func checkPathParameters(_ operation: inout APIOperation, templateNames: [String], at item: SpecEntry) {
        let declared = operation.parameters.filter { $0.location == .path }
        let method = operation.method.rawValue.uppercased()
        var templateNames = templateNames
        let path = APIOperation.pathWithoutQuery(operation.path)
        var segments = path.split(separator: "/", omittingEmptySubsequences: false)
        for parameter in declared where !templateNames.contains(parameter.name) {
            guard let index = segments.firstIndex(where: { $0 == ":" + parameter.name }) else { continue }
            segments[index] = "{" + parameter.name + "}"
        }
        let rewritten = segments.joined(separator: "/")
        if rewritten != path {
            warning(
                "the path template '\(path)' writes parameters as ':name' (Express's notation), which OpenAPI does "
                    + "not read; it is read as '\(rewritten)'", at: item.keyLocation, path: item.value.pathString)
            operation.path = rewritten + operation.path.dropFirst(path.count)
            templateNames = operation.templateParameterNames
        }
        for name in templateNames where !declared.contains(where: { $0.name == name }) {
            warning(
                "\(method) \(operation.path) does not declare its path parameter '\(name)', so it is generated as a "
                    + "String; add {name: \(name), in: path, required: true, schema: ...} to its 'parameters'",
                at: item.keyLocation, path: item.value.pathString)
            var schema = Schema(location: item.keyLocation, path: item.value.pathString)
            schema.types = [.string]
            operation.parameters.append(
                Parameter(
                    name: name, location: .path, required: true, description: nil, deprecated: false, schema: schema,
                    sourceLocation: item.keyLocation))
        }
        for parameter in declared where !templateNames.contains(parameter.name) {
            let suggestion = hint(for: parameter.name, among: templateNames)
            warning(
                "path parameter '\(parameter.name)' does not appear in the path template '\(operation.path)', so it is "
                    + "left out" + suggestion,
                at: parameter.sourceLocation, path: item.value.pathString + "/parameters")
        }
        operation.parameters.removeAll { $0.location == .path && !templateNames.contains($0.name) }
    }

    mutating func readOperation(_ item: SpecEntry, method: HTTPMethod, path: String, shared: [Parameter]) throws
        -> APIOperation?
    {
        guard let fields = try entries(item.value, of: "the operation \(method.rawValue.uppercased()) \(path)") else {
            return nil
        }
        var operation = APIOperation(
            method: method, path: path, operationID: nil, tags: [], summary: nil, description: nil, parameters: shared,
            requestBody: nil, responses: [], deprecated: false, servers: [], security: nil, extensions: [:],
            location: item.keyLocation)
        var sawResponses = false
        for entry in fields {
            switch entry.key {
            case "operationId": operation.operationID = string(entry.value, of: "'operationId'")
            case "tags": operation.tags = try strings(entry.value, of: "'tags'")
            case "summary": operation.summary = string(entry.value, of: "'summary'")
            case "description": operation.description = string(entry.value, of: "'description'")
            case "deprecated": operation.deprecated = bool(entry.value, of: "'deprecated'") ?? false
            case "servers": operation.servers = try readServers(entry.value)
            case "security":
                let alternatives = try readSecurity(entry.value)
                operation.securityRequirements = alternatives
                operation.security = Self.schemeNames(alternatives)
            case "parameters":
                // An operation's parameter replaces the path item's of the same name and location.
                var indices: [ParameterKey: Int] = [:]
                for (index, parameter) in operation.parameters.enumerated()
                where indices[ParameterKey(parameter)] == nil {
                    indices[ParameterKey(parameter)] = index
                }
                for parameter in try readParameters(entry.value) {
                    if let index = indices[ParameterKey(parameter)] {
                        operation.parameters[index] = parameter
                    } else {
                        indices[ParameterKey(parameter)] = operation.parameters.count
                        operation.parameters.append(parameter)
                    }
                }
            case "requestBody": operation.requestBody = try readRequestBody(entry.value)
            case "responses":
                sawResponses = true
                operation.responses = try readResponses(entry.value)
            case "externalDocs": break
            case "callbacks":
                note(
                    "callbacks are not generated: the client and server have no code for the requests the API makes "
                        + "back (the operation itself is generated)", at: entry.keyLocation,
                    path: entry.value.pathString)
            default:
                if entry.key.hasPrefix("x-") {
                    operation.extensions[entry.key] = try jsonValue(entry.value)
                    operation.extensionLocations[entry.key] = entry.value.location
                } else {
                    let known = [
                        "operationId", "tags", "summary", "description", "deprecated", "servers", "security",
                        "parameters", "requestBody", "responses",
                    ]
                    warning(
                        "unknown key '\(entry.key)' in an operation is ignored"
                            + hint(for: entry.key, among: known), at: entry.keyLocation,
                        path: entry.value.pathString)
                }
            }
        }
        if operation.operationID == nil {
            warning(
                "\(method.rawValue.uppercased()) \(path) has no operationId; generated names will be derived "
                    + "from the method and path",
                at: item.keyLocation, path: item.value.pathString)
        }
        // OpenAPI 3.1 lets an operation leave its responses out; the answer then has no body to decode. OpenAPI
        // 3.0 requires them, but the operation means the same without them, so it generates as in 3.1.
        if !sawResponses && isOpenAPI30 {
            warning(
                "\(method.rawValue.uppercased()) \(path) has no 'responses', which OpenAPI 3.0 requires; it is "
                    + "generated with no documented answer", at: item.keyLocation, path: item.value.pathString)
        }
        return operation
    }

    mutating func readParameters(_ node: SpecNode) throws -> [Parameter] {
        var parameters: [Parameter] = []
        // `parameters: null` (or an empty value) says there are none, as generators that emit specs often write it.
        if case .scalar(let scalar) = node.node, scalar.value == .null { return [] }
        for element in try elements(node, of: "'parameters'") ?? [] {
            guard let resolved = try resolveComponent(element, kind: "parameters"),
                let fields = try entries(resolved, of: "a parameter")
            else { continue }
            var name: String?
            var location: Parameter.Location?
            var required = false
            var description: String?
            var deprecated = false
            var schema: Schema?
            var style: String?
            var explode: Bool?
            var jsonContentType: String?
            var isQueryString = false
            for entry in fields {
                switch entry.key {
                case "name": name = string(entry.value, of: "a parameter's 'name'")
                case "in":
                    guard let text = string(entry.value, of: "a parameter's 'in'") else { break }
                    location = Parameter.Location(rawValue: text)
                    if text == "querystring" {
                        // OpenAPI 3.2: the whole query string as one value, which has no name.
                        isQueryString = true
                    } else if location == nil {
                        // Swagger 2.0's `body` and `formData` are what specs converted from it carry most: the rest
                        // of the operation still generates, and the warning says what to write instead.
                        let reason =
                            ["body", "formData"].contains(text)
                            ? " ('\(text)' is Swagger 2.0's; OpenAPI 3 writes a 'requestBody')"
                            : hint(for: text, among: Parameter.Location.allCases.map(\.rawValue))
                        warning(
                            "unknown parameter location '\(text)'\(reason); the parameter is not generated",
                            at: entry.value)
                    }
                case "required": required = bool(entry.value, of: "a parameter's 'required'") ?? false
                case "description": description = string(entry.value, of: "a parameter's 'description'")
                case "deprecated": deprecated = bool(entry.value, of: "a parameter's 'deprecated'") ?? false
                case "schema":
                    // Beside 'content' (a warning below), 'content' says how the value is written.
                    guard !fields.contains(where: { $0.key == "content" }) else { break }
                    schema = try readSchema(entry.value, depth: 0)
                case "content":
                    // One media type says how the value is serialized: JSON text, or plain text for a scalar.
                    // What breaks the rules here still says how the value is written: each case is a warning
                    // naming what is generated instead.
                    guard let (mediaType, contentSchema, _) = try readContent(entry.value) else {
                        warning(
                            "a parameter's 'content' has no media type, so it is generated as a String", at: entry.value
                        )
                        schema = Schema(location: entry.value.location, path: entry.value.pathString)
                        schema?.types = [.string]
                        break
                    }
                    if try (entries(entry.value, of: "'content'") ?? []).count > 1 {
                        warning(
                            "a parameter's 'content' must have exactly one media type; it is generated for "
                                + "'\(mediaType)'", at: entry.value)
                    }
                    if fields.contains(where: { $0.key == "schema" }) {
                        warning(
                            "a parameter has either 'schema' or 'content', not both; it is generated for 'content'",
                            at: entry.value)
                    }
                    if contentSchema == nil {
                        warning(
                            "the parameter's '\(mediaType)' has no 'schema', so any value is allowed",
                            at: entry.value)
                    }
                    schema = contentSchema ?? Schema(location: entry.value.location, path: entry.value.pathString)
                    if MediaKind(mediaType: mediaType) == .json { jsonContentType = mediaType }
                case "style":
                    style = string(entry.value, of: "a parameter's 'style'")
                    if let text = style, !Self.parameterStyles.contains(text) {
                        let suggestion = hint(for: text, among: Self.parameterStyles)
                        error("unknown parameter style '\(text)'\(suggestion)", at: entry.value)
                    }
                case "explode": explode = bool(entry.value, of: "a parameter's 'explode'")
                case "allowEmptyValue", "allowReserved", "example", "examples": break
                default:
                    if !entry.key.hasPrefix("x-") {
                        let suggestion = hint(for: entry.key, among: Self.parameterKeys)
                        warning(
                            "unknown key '\(entry.key)' in a parameter is ignored\(suggestion)", at: entry.keyLocation,
                            path: entry.value.pathString)
                    }
                }
            }
            if isQueryString {
                warning(
                    "a 'querystring' parameter (OpenAPI 3.2) is not generated: the operation is generated without it",
                    at: resolved)
                continue
            }
            guard let name, let location else {
                if name == nil { error("a parameter needs a 'name'", at: resolved) }
                if location == nil && !fields.contains(where: { $0.key == "in" }) {
                    error("a parameter needs 'in'", at: resolved)
                }
                continue
            }
            if location == .path && !required {
                warning(
                    "path parameter '\(name)' must have 'required: true'; it is generated as required, as a path "
                        + "always has it", at: resolved)
                required = true
            }
            if location == .header, Self.ignoredHeaderParameters.contains(name.lowercased()) {
                warning(
                    "header parameter '\(name)' is ignored, as OpenAPI says of 'Accept', 'Content-Type' and "
                        + "'Authorization': the responses' media types set Accept, the body's sets Content-Type, and "
                        + "a security scheme sends credentials (or, where the spec declares none, a middleware)",
                    at: resolved)
                continue
            }
            var parameterSchema = schema ?? Schema(location: resolved.location, path: resolved.pathString)
            if schema == nil {
                warning(
                    "parameter '\(name)' has neither 'schema' nor 'content', so it is generated as a String",
                    at: resolved)
                parameterSchema.types = [.string]
            }
            parameters.append(
                Parameter(
                    name: name, location: location, required: required, description: description,
                    deprecated: deprecated, schema: parameterSchema, sourceLocation: resolved.location, style: style,
                    explode: explode, jsonContentType: jsonContentType))
        }
        return parameters
    }

    /// Header parameters OpenAPI says "SHALL be ignored" (lower-cased): the request's media types and security set
    /// these headers, and a second value beside theirs would make a request with two.
    static let ignoredHeaderParameters: Set<String> = ["accept", "content-type", "authorization"]

    static let parameterStyles = [
        "matrix", "label", "simple", "form", "spaceDelimited", "pipeDelimited", "deepObject",
    ]
    static let parameterKeys = [
        "name", "in", "description", "required", "deprecated", "allowEmptyValue", "style", "explode", "allowReserved",
        "schema", "example", "examples", "content",
    ]
}

/// What identifies a parameter of an operation: its name and where it is sent.
private struct ParameterKey: Hashable {
    var name: String
    var location: Parameter.Location

    init(_ parameter: Parameter) {
        name = parameter.name
        location = parameter.location
    }
}
