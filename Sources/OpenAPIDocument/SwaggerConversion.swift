import APISpecCore

// Our own code, not a library's: no Swift package reads Swagger 2.0 (OpenAPIKit reads OpenAPI 3 only), and the
// converters people use (swagger2openapi, swagger-parser) are JavaScript and Java. Converting the tree the loader
// reads, rather than the text, keeps every node's position, so a diagnostic about a converted document points at
// the line of the Swagger file that says it.

/// A Swagger 2.0 document as the OpenAPI 3.0 document that says the same, written with the nodes of the original
/// (their positions kept); new keys take the position of the node they come from.
///
/// - `definitions`, `parameters`, `responses` and `securityDefinitions` become `components`, and `$ref`s to them
///   follow (`#/definitions/Pet` → `#/components/schemas/Pet`).
/// - `host`, `basePath` and `schemes` become `servers`.
/// - A `body` parameter becomes the request body, `formData` parameters the properties of a form or multipart
///   body, in each media type the operation `consumes`; a response's `schema` and `examples` become its `content`,
///   in each media type it `produces` (`application/json` where a document says none).
/// - A parameter's or header's `type`, `format`, `items`, limits and `enum` become its `schema`; `collectionFormat`
///   its `style` and `explode`.
/// - In schemas: a `discriminator` that is a property name, `x-nullable`, and `type: file` (binary content).
struct SwaggerConversion {
    /// What OpenAPI 3.0 cannot say, left out, each with the position of what says it.
    private(set) var warnings: [(message: String, position: SourcePosition)] = []
    /// The Swagger document.
    let root: SourceNode
    let consumes: [String]
    let produces: [String]
    /// The document's `parameters`, by name: a `$ref` to a body or form parameter is replaced by the parameter,
    /// since OpenAPI 3 has no body parameters to refer to.
    let sharedParameters: [String: SourceNode]
    /// `host`, `basePath` and `schemes`, which say the servers.
    let host: SourceScalar?
    let basePath: SourceScalar?
    let schemes: [SourceScalar]

    /// The schemes of the document's servers: the one of a `host` written as a URL, else `schemes` (https when
    /// there are none); nil when there is no `host`, and so servers without a scheme.
    var serverSchemes: Set<String>? {
        guard let host = host?.text else { return nil }
        if let end = host.range(of: "://") { return [String(host[..<end.lowerBound])] }
        return schemes.isEmpty ? ["https"] : Set(schemes.map(\.text))
    }

    /// Whether `root` says it is a Swagger 2 document (`swagger: "2.0"`).
    static func isSwagger2(_ root: SourceNode) -> Bool {
        root.member("swagger")?.scalar?.text.hasPrefix("2.") == true
    }

    init(root: SourceNode) {
        self.root = root
        consumes = Self.mediaTypes(root.member("consumes")) ?? []
        produces = Self.mediaTypes(root.member("produces")) ?? []
        var parameters: [String: SourceNode] = [:]
        for pair in root.member("parameters")?.mapping ?? [] {
            if let name = pair.key.scalar?.text { parameters[name] = pair.value }
        }
        sharedParameters = parameters
        host = root.member("host")?.scalar
        basePath = root.member("basePath")?.scalar
        schemes = Self.texts(root.member("schemes")) ?? []
    }

    /// The OpenAPI 3.0 document.
    mutating func document() -> SourceNode {
        guard case .mapping(let pairs, let rootPosition) = root else { return root }
        var top: [SourcePair] = []
        var components: [SourcePair] = []
        for pair in pairs {
            switch pair.key.scalar?.text {
            case "swagger":
                top.append(
                    Self.pair("openapi", Self.string("3.0.3", at: pair.value.position), at: pair.key.position))
            // Read by `init`: the servers below, and the media types of every body and response.
            case "host", "basePath", "schemes", "consumes", "produces": break
            case "paths", "x-ms-paths": top.append(SourcePair(key: pair.key, value: paths(pair.value)))
            case "definitions": components.append(Self.renamed(pair, "schemas"))
            case "parameters":
                components.append(Self.renamed(pair, "parameters", value: parameterComponents(pair.value)))
            case "responses":
                components.append(
                    Self.renamed(pair, "responses", value: mapValues(pair.value) { $0.response($1, produces: nil) }))
            case "securityDefinitions":
                components.append(
                    Self.renamed(pair, "securitySchemes", value: mapValues(pair.value) { $0.securityScheme($1) }))
            default: top.append(pair)
            }
        }
        if let servers = servers() {
            top.insert(servers, at: min(2, top.count))
        }
        if !components.isEmpty {
            let position = components[0].key.position
            // A document that mixes in OpenAPI 3's `components` keeps them, and gains the converted sections.
            if let index = top.firstIndex(where: { $0.key.scalar?.text == "components" }),
                case .mapping(let written, let at) = top[index].value
            {
                top[index].value = .mapping(Self.merged(written, components), at)
            } else {
                top.append(Self.pair("components", .mapping(components, position), at: position))
            }
        }
        return Self.schemas(in: .mapping(top, rootPosition), rewritingReferences: true)
    }

    /// `written`'s sections with `converted`'s: the entries of a section both have, one after the other.
    static func merged(_ written: [SourcePair], _ converted: [SourcePair]) -> [SourcePair] {
        var result = written
        for section in converted {
            guard let index = result.firstIndex(where: { $0.key.scalar?.text == section.key.scalar?.text }),
                case .mapping(let first, let at) = result[index].value, case .mapping(let second, _) = section.value
            else {
                result.append(section)
                continue
            }
            result[index].value = .mapping(first + second, at)
        }
        return result
    }

    // MARK: - Servers

    /// `servers` from `host`, `basePath` and `schemes`: one server per scheme (https where none is named), or the
    /// base path alone (relative to where the document is) when there is no host.
    mutating func servers() -> SourcePair? {
        guard let place = host ?? basePath else { return nil }
        var path = basePath?.text ?? ""
        if path == "/" { path = "" }
        // Swagger requires the leading slash; a base path written without one is still a path under the host.
        if !path.isEmpty, !path.hasPrefix("/") { path = "/" + path }
        let urls: [String]
        if let host, host.text.contains("://") {
            // A URL where a host name belongs: what the writer meant is plain.
            warnings.append(
                (
                    "'host' is a URL, where Swagger has a host name and 'schemes'; it is used as the server's URL",
                    host.position
                ))
            var base = host.text
            while base.hasSuffix("/") { base.removeLast() }
            urls = [base + path]
        } else if let host {
            let names = schemes.isEmpty ? ["https"] : schemes.map(\.text)
            urls = names.map { "\($0)://\(host.text)\(path)" }
        } else {
            urls = [path.isEmpty ? "/" : path]
        }
        let servers = urls.map { url in
            SourceNode.mapping(
                [Self.pair("url", Self.string(url, at: place.position), at: place.position)], place.position)
        }
        return Self.pair("servers", .sequence(servers, place.position), at: place.position)
    }

    // MARK: - Paths and operations

    mutating func paths(_ node: SourceNode) -> SourceNode {
        mapValues(node) { $0.pathItem($1) }
    }

    static let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch"]

    mutating func pathItem(_ node: SourceNode) -> SourceNode {
        guard case .mapping(let entries, let position) = node else { return node }
        let shared = node.member("parameters")?.sequence ?? []
        var result: [SourcePair] = []
        for entry in entries {
            let key = entry.key.scalar?.text ?? ""
            if key == "parameters", let list = entry.value.sequence {
                // Body and form parameters become each operation's request body.
                let kept = list.filter { !isBodyOrForm($0) }
                if !kept.isEmpty {
                    let converted = kept.map { parameter($0) }
                    result.append(SourcePair(key: entry.key, value: .sequence(converted, entry.value.position)))
                }
            } else if Self.methods.contains(key) {
                result.append(SourcePair(key: entry.key, value: operation(entry.value, shared: shared)))
            } else {
                result.append(entry)
            }
        }
        return .mapping(result, position)
    }

    mutating func operation(_ node: SourceNode, shared: [SourceNode]) -> SourceNode {
        guard case .mapping(let entries, let position) = node else { return node }
        let consumes = Self.mediaTypes(node.member("consumes")) ?? consumes
        let produces = Self.mediaTypes(node.member("produces")) ?? produces
        let own = node.member("parameters")?.sequence ?? []
        // The path item's body and form parameters, unless the operation has one of the same name and place.
        let ownKeys = Set(own.compactMap { identity(of: $0) })
        let inherited = shared.filter { isBodyOrForm($0) && identity(of: $0).map { !ownKeys.contains($0) } ?? true }
        let bodyParameters = (inherited + own).filter(isBodyOrForm)
        var result: [SourcePair] = []
        for entry in entries {
            switch entry.key.scalar?.text {
            case "consumes", "produces": break
            case "schemes":
                // Most operations repeat the document's schemes; one that names another has no OpenAPI 3 form.
                let named = Self.texts(entry.value)?.map(\.text) ?? []
                if let serverSchemes, !named.allSatisfy(serverSchemes.contains) {
                    warn(
                        "an operation's schemes \(named) are not all the document's, which OpenAPI 3 cannot say; "
                            + "the document's servers are used", entry)
                }
            case "parameters" where entry.value.sequence != nil:
                let kept = own.filter { !isBodyOrForm($0) }
                if !kept.isEmpty {
                    let converted = kept.map { parameter($0) }
                    result.append(SourcePair(key: entry.key, value: .sequence(converted, entry.value.position)))
                }
            case "responses": result.append(SourcePair(key: entry.key, value: responses(entry.value, produces)))
            default: result.append(entry)
            }
        }
        if let body = requestBody(bodyParameters.map(resolved), consumes: consumes) {
            result.append(Self.pair("requestBody", body, at: body.position))
        }
        return .mapping(result, position)
    }

    // MARK: - Responses

    mutating func responses(_ node: SourceNode, _ produces: [String]) -> SourceNode {
        mapValues(node) { $0.response($1, produces: produces) }
    }

    /// A response: its `schema` and `examples` as `content`, its headers' keys in a `schema`. `produces` is nil for
    /// the document's `responses`, which are in the document's media types.
    mutating func response(_ node: SourceNode, produces: [String]?) -> SourceNode {
        guard case .mapping(let entries, let position) = node, node.member("$ref") == nil else { return node }
        var types = produces ?? self.produces
        if types.isEmpty { types = ["application/json"] }
        var result: [SourcePair] = []
        var schema: SourceNode?
        var examples: [SourcePair] = []
        for entry in entries {
            switch entry.key.scalar?.text {
            case "schema": schema = entry.value
            case "examples": examples = entry.value.mapping ?? []
            case "headers": result.append(SourcePair(key: entry.key, value: mapValues(entry.value) { $0.header($1) }))
            default: result.append(entry)
            }
        }
        if schema != nil || !examples.isEmpty {
            result.append(
                Self.pair("content", content(types, schema: schema, examples: examples, at: position), at: position))
        }
        return .mapping(result, position)
    }

    /// A response header: the keys of its value in a `schema` (`collectionFormat` left out: a header's list is
    /// comma-separated in OpenAPI 3).
    mutating func header(_ node: SourceNode) -> SourceNode {
        guard case .mapping(let entries, let position) = node, node.member("$ref") == nil else { return node }
        let (rest, schema, _) = split(entries)
        var result = rest
        if !schema.isEmpty { result.append(Self.pair("schema", .mapping(schema, position), at: position)) }
        return .mapping(result, position)
    }

    // MARK: - Security

    /// A security definition as a security scheme: `basic` as HTTP basic; OAuth 2's flow as `flows`.
    mutating func securityScheme(_ node: SourceNode) -> SourceNode {
        guard case .mapping(let entries, let position) = node else { return node }
        let type = node.member("type")?.scalar
        var result: [SourcePair] = []
        var flow: [SourcePair] = []
        var flowName: SourcePair?
        for entry in entries {
            let key = entry.key.scalar?.text ?? ""
            switch (type?.text, key) {
            case ("basic", "type"):
                result.append(Self.pair("type", Self.string("http", at: entry.value.position), at: entry.key.position))
                result.append(
                    Self.pair("scheme", Self.string("basic", at: entry.value.position), at: entry.key.position))
            case ("oauth2", "flow"): flowName = entry
            case ("oauth2", "authorizationUrl"), ("oauth2", "tokenUrl"), ("oauth2", "scopes"): flow.append(entry)
            default: result.append(entry)
            }
        }
        if let flowName {
            let names = [
                "implicit": "implicit", "password": "password", "application": "clientCredentials",
                "accessCode": "authorizationCode",
            ]
            let given = flowName.value.scalar?.text ?? ""
            if let name = names[given] {
                if !flow.contains(where: { $0.key.scalar?.text == "scopes" }) {
                    flow.append(Self.pair("scopes", .mapping([], flowName.key.position), at: flowName.key.position))
                }
                let flows = Self.pair(name, .mapping(flow, flowName.value.position), at: flowName.value.position)
                result.append(Self.pair("flows", .mapping([flows], flowName.key.position), at: flowName.key.position))
            } else {
                // Left as it is, so that the loader says what is wrong with it.
                result.append(flowName)
            }
        }
        return .mapping(result, position)
    }

    // MARK: - Nodes

    mutating func warn(_ message: String, _ entry: SourcePair) {
        warnings.append((message, entry.key.position))
    }

    /// A mapping with each value converted; anything else as it is.
    mutating func mapValues(
        _ node: SourceNode, _ convert: (inout SwaggerConversion, SourceNode) -> SourceNode
    ) -> SourceNode {
        guard case .mapping(let pairs, let position) = node else { return node }
        var result: [SourcePair] = []
        result.reserveCapacity(pairs.count)
        for pair in pairs { result.append(SourcePair(key: pair.key, value: convert(&self, pair.value))) }
        return .mapping(result, position)
    }

    /// The media types a `consumes` or `produces` lists; nil when there is no list.
    static func mediaTypes(_ node: SourceNode?) -> [String]? {
        texts(node)?.map(\.text)
    }

    /// The scalars of a list (`consumes`, `produces`, `schemes`), or of one written without the list
    /// (`produces: application/json`, as tools that read Swagger accept); nil when there is none.
    static func texts(_ node: SourceNode?) -> [SourceScalar]? {
        switch node {
        case .sequence(let elements, _)?: elements.compactMap(\.scalar)
        case .scalar(let scalar)? where scalar.value != .null: [scalar]
        default: nil
        }
    }

    static func string(_ text: String, at position: SourcePosition) -> SourceNode {
        .scalar(SourceScalar(text: text, isPlain: false, position: position))
    }

    static func bool(_ value: Bool, at position: SourcePosition) -> SourceNode {
        .scalar(SourceScalar(text: value ? "true" : "false", isPlain: true, position: position))
    }

    static func pair(_ key: String, _ value: SourceNode, at position: SourcePosition) -> SourcePair {
        SourcePair(key: string(key, at: position), value: value)
    }

    static func renamedKey(_ key: SourceNode, _ name: String) -> SourceNode {
        string(name, at: key.position)
    }

    static func renamed(_ pair: SourcePair, _ name: String, value: SourceNode? = nil) -> SourcePair {
        SourcePair(key: renamedKey(pair.key, name), value: value ?? pair.value)
    }
}
