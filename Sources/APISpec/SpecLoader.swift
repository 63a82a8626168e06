import Foundation
import Yams

extension Document {
    /// The largest spec read by default: 8 MiB, above the largest public specs (GitHub's REST API is about 7 MiB of
    /// YAML). Loading costs about 35 bytes of memory per byte of spec, so this bounds a load to about 300 MB.
    public static let defaultMaximumBytes = 8 << 20

    /// Loads and checks the spec at `url`.
    ///
    /// - Parameters:
    ///   - url: The spec file, YAML or JSON.
    ///   - displayName: How diagnostics name the file; by default the path as given.
    ///   - maximumBytes: Larger files are refused before they are read.
    /// - Throws: `SpecError` with every diagnostic of the file when it has at least one error.
    public static func load(
        contentsOf url: URL, displayName: String? = nil, maximumBytes: Int = defaultMaximumBytes
    ) throws(SpecError) -> Document {
        let file = displayName ?? url.relativePath
        let start = SourceLocation(file: file, line: 1, column: 1)
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            if let size = attributes[.size] as? Int, size > maximumBytes {
                throw SpecError(diagnostics: [SpecLoader.tooLarge(size: size, limit: maximumBytes, at: start)])
            }
            data = try Data(contentsOf: url)
        } catch let error as SpecError {
            throw error
        } catch {
            let reason = (error as NSError).localizedDescription
            throw SpecError(diagnostics: [Diagnostic(.error, "cannot read the spec: \(reason)", at: start, path: "")])
        }
        return try load(data: data, file: file, maximumBytes: maximumBytes)
    }

    /// Loads and checks a spec from its bytes (UTF-8 YAML or JSON), naming it `file` in diagnostics.
    ///
    /// - Throws: `SpecError` with every diagnostic of the file when it has at least one error.
    public static func load(data: Data, file: String, maximumBytes: Int = defaultMaximumBytes) throws(SpecError)
        -> Document
    {
        let start = SourceLocation(file: file, line: 1, column: 1)
        if data.count > maximumBytes {
            throw SpecError(diagnostics: [SpecLoader.tooLarge(size: data.count, limit: maximumBytes, at: start)])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let offset = SpecLoader.firstInvalidUTF8Offset(in: data)
            let message = "the spec is not UTF-8 text (invalid byte at offset \(offset)); a spec must be YAML or JSON"
            throw SpecError(diagnostics: [Diagnostic(.error, message, at: start, path: "")])
        }
        return try load(yaml: text, file: file)
    }

    /// Loads and checks a spec from YAML (or JSON) text, naming it `file` in diagnostics.
    ///
    /// - Throws: `SpecError` with every diagnostic of the file when it has at least one error.
    public static func load(yaml: String, file: String = "<string>") throws(SpecError) -> Document {
        var loader = SpecLoader(file: file, byteCount: yaml.utf8.count)
        let document = loader.load(yaml: yaml)
        let diagnostics = loader.diagnostics.sorted { ($0.location, $0.message) < ($1.location, $1.message) }
        guard var document, !diagnostics.contains(where: { $0.severity == .error }) else {
            throw SpecError(diagnostics: diagnostics)
        }
        document.warnings = diagnostics
        document.source = yaml
        document.composed = ComposedYAML(loader.composedRoot)
        return document
    }
}

/// Reads the composed YAML tree into a `Document`, collecting every diagnostic instead of stopping at the first.
struct SpecLoader {
    enum Limits {
        /// How deep schemas may nest inside each other.
        static let maximumSchemaDepth = 64
        /// A YAML document of n bytes has fewer than n nodes; far more visits than that means alias expansion.
        static func maximumNodeVisits(byteCount: Int) -> Int { 4 * byteCount + 10_000 }
    }

    /// Thrown to stop reading when a limit is reached; the reason is already a diagnostic.
    private struct LimitReached: Error {}

    static func tooLarge(size: Int, limit: Int, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            .error,
            "the spec is \(size) bytes, more than the limit of \(limit) bytes (api-codegen's --max-spec-size "
                + "raises it)",
            at: location, path: "")
    }

    static func firstInvalidUTF8Offset(in data: Data) -> Int {
        var decoder = UTF8()
        var iterator = data.makeIterator()
        var offset = 0
        var consumed = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                consumed += UTF8.width(scalar)
                offset = consumed
            case .emptyInput:
                return offset
            case .error:
                return offset
            }
        }
    }

    let file: String
    private let maximumNodeVisits: Int
    private var nodeVisits = 0
    private(set) var diagnostics: [Diagnostic] = []
    /// The composed tree, which the document keeps for its validator.
    private(set) var composedRoot: Node?
    private var isOpenAPI30 = false
    private var rawComponents: [String: [String: SpecEntry]] = [:]
    private var schemaNames: [String] = []
    private var schemaNameSet: Set<String> = []
    private var referencedSchemas: Set<String> = []
    /// Responses and headers under `components`, read once by the `$ref` that names them.
    private var sharedResponses: [String: Response] = [:]
    private var sharedHeaders: [String: Response.Header] = [:]

    init(file: String, byteCount: Int) {
        self.file = file
        self.maximumNodeVisits = Limits.maximumNodeVisits(byteCount: byteCount)
    }

    // MARK: - Diagnostics

    /// A warning for a key the object does not have (a typo such as `requried`), with the closest known key. The
    /// object's other keys (`known`: those OpenAPI defines that nothing here reads) and `x-` extensions pass.
    private mutating func warnUnknownKey(_ entry: SpecEntry, in what: String, known: [String]) {
        guard !entry.key.hasPrefix("x-"), !known.contains(entry.key) else { return }
        warning(
            "unknown key '\(entry.key)' in \(what) is ignored" + Suggestion.hint(for: entry.key, among: known),
            at: entry.keyLocation, path: entry.value.path)
    }

    private mutating func error(_ message: String, at node: SpecNode) {
        diagnostics.append(Diagnostic(.error, message, at: node.location, path: node.pathString))
    }

    private mutating func warning(_ message: String, at node: SpecNode) {
        diagnostics.append(Diagnostic(.warning, message, at: node.location, path: node.pathString))
    }

    private mutating func error(_ message: String, at location: SourceLocation, path: [String]) {
        diagnostics.append(Diagnostic(.error, message, at: location, path: JSONPointer.fragment(path)))
    }

    private mutating func warning(_ message: String, at location: SourceLocation, path: [String]) {
        diagnostics.append(Diagnostic(.warning, message, at: location, path: JSONPointer.fragment(path)))
    }

    // MARK: - Node access

    private func location(of node: Node) -> SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    private mutating func visit(_ node: Node, path: [String]) throws -> SpecNode {
        nodeVisits += 1
        if nodeVisits > maximumNodeVisits {
            let message =
                "the document expands to more than \(maximumNodeVisits) nodes, far more than its size explains; "
                + "are YAML aliases (*name) repeating large parts of it?"
            error(message, at: location(of: node), path: path)
            throw LimitReached()
        }
        return SpecNode(node: node, path: path, location: location(of: node))
    }

    /// The entries of a mapping, or nil with an error when the node is something else.
    private mutating func entries(_ node: SpecNode, of what: String) throws -> [SpecEntry]? {
        guard case .mapping(let mapping) = node.node else {
            error("expected a mapping for \(what), found \(node.kindName)", at: node)
            return nil
        }
        var result: [SpecEntry] = []
        result.reserveCapacity(mapping.count)
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                error(
                    "a key of \(what) must be a scalar, found "
                        + "\(SpecNode(node: key, path: node.path, location: location(of: key)).kindName)",
                    at: location(of: key), path: node.path)
                continue
            }
            result.append(
                SpecEntry(key: name, keyLocation: location(of: key), value: try visit(value, path: node.path + [name])))
        }
        return result
    }

    private mutating func elements(_ node: SpecNode, of what: String) throws -> [SpecNode]? {
        guard case .sequence(let sequence) = node.node else {
            error("expected a sequence for \(what), found \(node.kindName)", at: node)
            return nil
        }
        var result: [SpecNode] = []
        for (index, element) in sequence.enumerated() {
            result.append(try visit(element, path: node.path + [String(index)]))
        }
        return result
    }

    private mutating func string(_ node: SpecNode, of what: String) -> String? {
        guard let text = node.scalar else {
            error("expected a string for \(what), found \(node.kindName)", at: node)
            return nil
        }
        return text
    }

    private mutating func bool(_ node: SpecNode, of what: String) -> Bool? {
        if case .bool(let value) = scalarValue(node) { return value }
        error("expected true or false for \(what), found \(describe(node))", at: node)
        return nil
    }

    private mutating func nonNegativeInt(_ node: SpecNode, of what: String) -> Int? {
        if case .integer(let value) = scalarValue(node), value >= 0, let int = Int(exactly: value) { return int }
        error("expected a non-negative integer for \(what), found \(describe(node))", at: node)
        return nil
    }

    private mutating func number(_ node: SpecNode, of what: String) -> Double? {
        switch scalarValue(node) {
        case .integer(let value): return Double(value)
        case .number(let value): return value
        default:
            error("expected a number for \(what), found \(describe(node))", at: node)
            return nil
        }
    }

    private func describe(_ node: SpecNode) -> String {
        if let text = node.scalar { return "'\(text)'" }
        return node.kindName
    }

    private mutating func strings(_ node: SpecNode, of what: String) throws -> [String] {
        try (elements(node, of: what) ?? []).compactMap { string($0, of: what) }
    }

    private func scalarValue(_ node: SpecNode) -> JSON? {
        node.node.scalar.map(Self.value(of:))
    }

    /// A scalar's value by the YAML 1.2 core schema, which is the one JSON-compatible documents need.
    static func value(of scalar: Node.Scalar) -> JSON {
        let text = scalar.string
        guard scalar.style == .plain || scalar.style == .any else { return .string(text) }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf": return .number(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .number(-.infinity)
        default: break
        }
        guard let first = text.unicodeScalars.first, "0123456789+-.".unicodeScalars.contains(first) else {
            return .string(text)
        }
        if let value = Int64(text) { return .integer(value) }
        if text.hasPrefix("0x"), let value = Int64(text.dropFirst(2), radix: 16) { return .integer(value) }
        if text.hasPrefix("0o"), let value = Int64(text.dropFirst(2), radix: 8) { return .integer(value) }
        if text.allSatisfy({ "0123456789+-.eE".contains($0) }), let value = Double(text) { return .number(value) }
        return .string(text)
    }

    private mutating func jsonValue(_ node: SpecNode, depth: Int = 0) throws -> JSON {
        if depth > Limits.maximumSchemaDepth {
            error("a value nests more than \(Limits.maximumSchemaDepth) levels deep", at: node)
            throw LimitReached()
        }
        switch node.node {
        case .scalar:
            return scalarValue(node) ?? .null
        case .sequence:
            var values: [JSON] = []
            for element in try elements(node, of: "a value") ?? [] {
                values.append(try jsonValue(element, depth: depth + 1))
            }
            return .array(values)
        case .mapping:
            var members: [String: JSON] = [:]
            for entry in try entries(node, of: "a value") ?? [] {
                members[entry.key] = try jsonValue(entry.value, depth: depth + 1)
            }
            return .object(members)
        case .alias:
            return .null
        }
    }

    // MARK: - Document

    mutating func load(yaml: String) -> Document? {
        let start = SourceLocation(file: file, line: 1, column: 1)
        let root: Node
        do {
            // `.basic` resolves no tags: plain scalars are typed by `scalarValue` (YAML 1.2 core schema), and
            // skipping Yams' regular-expression resolver makes loading several times faster.
            guard let composed = try Yams.compose(yaml: yaml, .basic) else {
                diagnostics.append(
                    Diagnostic(.error, "the spec is empty; expected an OpenAPI document", at: start, path: ""))
                return nil
            }
            root = composed
            composedRoot = composed
        } catch let yamlError as YamlError {
            diagnostics.append(yamlDiagnostic(yamlError))
            return nil
        } catch {
            diagnostics.append(Diagnostic(.error, "cannot parse the spec: \(error)", at: start, path: ""))
            return nil
        }
        do {
            return try readDocument(visit(root, path: []))
        } catch {
            return nil
        }
    }

    private func yamlDiagnostic(_ yamlError: YamlError) -> Diagnostic {
        func located(_ problem: String, _ context: YamlError.Context?, _ mark: Mark) -> Diagnostic {
            var message = "YAML: \(problem)"
            if let context { message += " \(context.text) at \(context.mark.line):\(context.mark.column)" }
            return Diagnostic(
                .error, message, at: SourceLocation(file: file, line: mark.line, column: mark.column), path: "")
        }
        let start = SourceLocation(file: file, line: 1, column: 1)
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return located(problem, context, mark)
        case .reader(let problem, let offset, let value, _):
            // libyaml's reader counts characters here, not bytes.
            let at = offset.map { " at character offset \($0)" } ?? ""
            return Diagnostic(.error, "YAML: \(problem) (character \(value))\(at)", at: start, path: "")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            let mark = context.mark
            return Diagnostic(
                .error, "YAML: duplicate key \(keys) in a mapping",
                at: SourceLocation(file: file, line: mark.line, column: mark.column), path: "")
        default:
            return Diagnostic(.error, "YAML: \(yamlError)", at: start, path: "")
        }
    }

    private mutating func readDocument(_ root: SpecNode) throws -> Document? {
        guard let top = try entries(root, of: "the document") else { return nil }
        var version: String?
        var info = Document.Info(title: "", version: "")
        var servers: [Document.Server] = []
        var security: [String] = []
        var tags: [Tag] = []
        var pathsNode: SpecNode?
        var componentsNode: SpecNode?
        var webhooksNode: SpecNode?
        var extensions: [String: JSON] = [:]
        for entry in top {
            switch entry.key {
            case "openapi": version = string(entry.value, of: "'openapi'")
            case "info": info = try readInfo(entry.value)
            case "servers": servers = try readServers(entry.value)
            case "security": security = try readSecurity(entry.value)
            case "tags": tags = try readTags(entry.value)
            case "paths": pathsNode = entry.value
            case "components": componentsNode = entry.value
            case "webhooks": webhooksNode = entry.value
            case "jsonSchemaDialect", "externalDocs": break
            default:
                if entry.key.hasPrefix("x-") {
                    extensions[entry.key] = try jsonValue(entry.value)
                } else {
                    warning(
                        "unknown key '\(entry.key)' is ignored"
                            + Suggestion.hint(
                                for: entry.key,
                                among: ["openapi", "info", "servers", "security", "tags", "paths", "components"]),
                        at: entry.keyLocation, path: entry.value.path)
                }
            }
        }
        guard let version else {
            error("missing 'openapi': the document must say which OpenAPI version it is (3.1.0 or 3.0.x)", at: root)
            return nil
        }
        if version.hasPrefix("3.0") {
            isOpenAPI30 = true
        } else if !version.hasPrefix("3.1") {
            error(
                "unsupported OpenAPI version '\(version)'; 3.1.x and 3.0.x are supported", at: root.location,
                path: ["openapi"])
        }

        var securitySchemes: [Document.SecurityScheme] = []
        var schemas: [NamedSchema] = []
        if let componentsNode {
            securitySchemes = try readComponents(componentsNode)
            schemas = try readSchemas()
        }
        var operations: [APIOperation] = []
        if let pathsNode {
            operations = try readPaths(pathsNode)
        } else if webhooksNode == nil || isOpenAPI30 {
            warning("the document has no 'paths'", at: root)
        }
        // Webhooks are requests the API sends, not operations a client calls: nothing is generated for them, but
        // the schemas they name are used.
        if let webhooksNode { markReferences(in: webhooksNode.node) }
        for tagName in operations.flatMap(\.tags) where !tags.contains(where: { $0.name == tagName }) {
            tags.append(Tag(name: tagName, description: nil))
        }
        checkOperationIDs(operations)
        checkSecurity(operations: operations, topLevel: security, root: root, schemes: securitySchemes)
        checkCycles(schemas)
        for named in schemas where !referencedSchemas.contains(named.name) {
            warning(
                "schema '\(named.name)' is never used", at: named.location, path: ["components", "schemas", named.name])
        }
        return Document(
            file: file, openAPIVersion: version, info: info, servers: servers, securitySchemes: securitySchemes,
            security: security, tags: tags, operations: operations, schemas: schemas, extensions: extensions,
            warnings: [])
    }

    private mutating func readInfo(_ node: SpecNode) throws -> Document.Info {
        var info = Document.Info(title: "", version: "")
        var seen: Set<String> = []
        for entry in try entries(node, of: "'info'") ?? [] {
            seen.insert(entry.key)
            switch entry.key {
            case "title": info.title = string(entry.value, of: "'info.title'") ?? ""
            case "version": info.version = string(entry.value, of: "'info.version'") ?? ""
            case "description": info.description = string(entry.value, of: "'info.description'")
            default:
                warnUnknownKey(
                    entry, in: "'info'",
                    known: ["title", "version", "description", "summary", "termsOfService", "contact", "license"])
            }
        }
        for key in ["title", "version"] where !seen.contains(key) && node.node.mapping != nil {
            error("'info' is missing '\(key)'", at: node)
        }
        return info
    }

    private mutating func readServers(_ node: SpecNode) throws -> [Document.Server] {
        var servers: [Document.Server] = []
        for element in try elements(node, of: "'servers'") ?? [] {
            var url: String?
            var description: String?
            var urlNode = element
            var variables: [Document.Server.Variable] = []
            for entry in try entries(element, of: "a server") ?? [] {
                switch entry.key {
                case "url":
                    url = string(entry.value, of: "a server's 'url'")
                    urlNode = entry.value
                case "description": description = string(entry.value, of: "a server's 'description'")
                case "variables": variables = try readServerVariables(entry.value)
                default: warnUnknownKey(entry, in: "a server", known: ["url", "description", "variables"])
                }
            }
            if let url {
                for variable in variables where !url.contains("{\(variable.name)}") {
                    warning("server variable '\(variable.name)' does not appear in the URL '\(url)'", at: urlNode)
                }
                servers.append(
                    Document.Server(
                        url: url, variables: variables, description: description, location: urlNode.location,
                        path: urlNode.pathString))
            } else if element.node.mapping != nil {
                error("a server needs a 'url'", at: element)
            }
        }
        return servers
    }

    /// Marks every component schema that a `$ref` below `node` names as used.
    private mutating func markReferences(in node: Node) {
        let prefix = "#/components/schemas/"
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                if key.scalar?.string == "$ref", let reference = value.scalar?.string, reference.hasPrefix(prefix) {
                    referencedSchemas.insert(Self.unescapePointer(String(reference.dropFirst(prefix.count))))
                } else {
                    markReferences(in: value)
                }
            }
        case .sequence(let sequence):
            for element in sequence { markReferences(in: element) }
        case .scalar, .alias:
            break
        }
    }

    private mutating func readServerVariables(_ node: SpecNode) throws -> [Document.Server.Variable] {
        var variables: [Document.Server.Variable] = []
        for entry in try entries(node, of: "'variables'") ?? [] {
            var defaultValue: String?
            var allowed: [String]?
            var description: String?
            for field in try entries(entry.value, of: "a server variable") ?? [] {
                switch field.key {
                case "default": defaultValue = string(field.value, of: "a server variable's 'default'")
                case "description": description = string(field.value, of: "a server variable's 'description'")
                case "enum":
                    allowed = try elements(field.value, of: "a server variable's 'enum'")?.compactMap {
                        string($0, of: "a value of 'enum'")
                    }
                default: warnUnknownKey(field, in: "a server variable", known: ["default", "description", "enum"])
                }
            }
            guard let defaultValue else {
                error("server variable '\(entry.key)' needs a 'default'", at: entry.value)
                continue
            }
            if let allowed, !allowed.contains(defaultValue) {
                error(
                    "the default '\(defaultValue)' of server variable '\(entry.key)' is not in its 'enum'",
                    at: entry.value)
            }
            variables.append(
                Document.Server.Variable(
                    name: entry.key, defaultValue: defaultValue, allowedValues: allowed, description: description))
        }
        return variables
    }

    private mutating func readSecurity(_ node: SpecNode) throws -> [String] {
        var names: [String] = []
        for requirement in try elements(node, of: "'security'") ?? [] {
            for entry in try entries(requirement, of: "a security requirement") ?? [] {
                names.append(entry.key)
            }
        }
        return names
    }

    private mutating func readTags(_ node: SpecNode) throws -> [Tag] {
        var tags: [Tag] = []
        for element in try elements(node, of: "'tags'") ?? [] {
            var name: String?
            var description: String?
            for entry in try entries(element, of: "a tag") ?? [] {
                switch entry.key {
                case "name": name = string(entry.value, of: "a tag's 'name'")
                case "description": description = string(entry.value, of: "a tag's 'description'")
                default: warnUnknownKey(entry, in: "a tag", known: ["name", "description", "externalDocs"])
                }
            }
            if let name { tags.append(Tag(name: name, description: description)) }
        }
        return tags
    }

    // MARK: - Components

    private static let componentKinds = [
        "schemas", "parameters", "responses", "headers", "requestBodies", "securitySchemes", "examples", "links",
        "callbacks", "pathItems",
    ]

    private mutating func readComponents(_ node: SpecNode) throws -> [Document.SecurityScheme] {
        var schemes: [Document.SecurityScheme] = []
        for entry in try entries(node, of: "'components'") ?? [] {
            guard Self.componentKinds.contains(entry.key) else {
                if !entry.key.hasPrefix("x-") {
                    warning(
                        "unknown component kind '\(entry.key)' is ignored"
                            + Suggestion.hint(for: entry.key, among: Self.componentKinds), at: entry.keyLocation,
                        path: entry.value.path)
                }
                continue
            }
            let members = try entries(entry.value, of: "'components.\(entry.key)'") ?? []
            rawComponents[entry.key] = Dictionary(members.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
            if entry.key == "schemas" {
                schemaNames = members.map(\.key)
                schemaNameSet = Set(schemaNames)
            }
            if entry.key == "securitySchemes" {
                for member in members { schemes.append(try readSecurityScheme(member)) }
            }
        }
        return schemes
    }

    private mutating func readSecurityScheme(_ member: SpecEntry) throws -> Document.SecurityScheme {
        var scheme = Document.SecurityScheme(
            name: member.key, type: "", scheme: nil, bearerFormat: nil, description: nil)
        for entry in try entries(member.value, of: "a security scheme") ?? [] {
            switch entry.key {
            case "type": scheme.type = string(entry.value, of: "a security scheme's 'type'") ?? ""
            case "scheme": scheme.scheme = string(entry.value, of: "a security scheme's 'scheme'")
            case "bearerFormat": scheme.bearerFormat = string(entry.value, of: "'bearerFormat'")
            case "description": scheme.description = string(entry.value, of: "a security scheme's 'description'")
            case "name": scheme.keyName = string(entry.value, of: "a security scheme's 'name'")
            case "in": scheme.keyLocation = string(entry.value, of: "a security scheme's 'in'")
            default:
                warnUnknownKey(
                    entry, in: "a security scheme",
                    known: ["type", "scheme", "bearerFormat", "description", "name", "in", "flows", "openIdConnectUrl"])
            }
        }
        if scheme.type == "apiKey" {
            if scheme.keyName == nil { error("an apiKey security scheme needs a 'name'", at: member.value) }
            if let location = scheme.keyLocation, !["header", "query", "cookie"].contains(location) {
                error("an apiKey goes in a header, query or cookie, not '\(location)'", at: member.value)
            } else if scheme.keyLocation == nil {
                error("an apiKey security scheme needs 'in' (header, query or cookie)", at: member.value)
            }
        }
        let types = ["http", "apiKey", "oauth2", "openIdConnect", "mutualTLS"]
        if !types.contains(scheme.type) {
            error(
                "unknown security scheme type '\(scheme.type)'" + Suggestion.hint(for: scheme.type, among: types),
                at: member.value)
        }
        return scheme
    }

    private mutating func readSchemas() throws -> [NamedSchema] {
        var schemas: [NamedSchema] = []
        for name in schemaNames {
            guard let entry = rawComponents["schemas"]?[name] else { continue }
            let schema = try readSchema(entry.value, depth: 0)
            schemas.append(NamedSchema(name: name, schema: schema, location: entry.keyLocation))
        }
        return schemas
    }

    /// The text of a mapping's `$ref`, if it has one (no diagnostics: `resolveComponent` reports what is wrong).
    static func reference(in node: SpecNode) -> String? {
        referenceNode(in: node)?.scalar?.string
    }

    /// The value node of a mapping's `$ref`. A scan by key text: Yams' string subscript builds a tagged node per
    /// lookup and compares whole nodes.
    static func referenceNode(in node: SpecNode) -> Node? {
        guard case .mapping(let mapping) = node.node else { return nil }
        return mapping.first(where: { $0.key.scalar?.string == "$ref" })?.value
    }

    /// Follows a `$ref` to a non-schema component (`#/components/parameters/X`) and returns the node it names.
    private mutating func resolveComponent(_ node: SpecNode, kind: String, hops: Int = 0) throws -> SpecNode? {
        guard let refNode = Self.referenceNode(in: node) else { return node }
        let refValue = try visit(refNode, path: node.path + ["$ref"])
        guard let reference = string(refValue, of: "'$ref'") else { return nil }
        let prefix = "#/components/\(kind)/"
        guard reference.hasPrefix(prefix) else {
            // Any other place in the document, such as a response written out under another operation.
            guard let target = try pointedNode(reference, at: refValue) else { return nil }
            guard hops < 8 else {
                error("reference '\(reference)' is part of a chain of references that never ends", at: refValue)
                return nil
            }
            return try resolveComponent(target, kind: kind, hops: hops + 1)
        }
        let name = Self.unescapePointer(String(reference.dropFirst(prefix.count)))
        guard let target = rawComponents[kind]?[name] else {
            let candidates = rawComponents[kind].map { Array($0.keys).sorted() } ?? []
            error("unresolved reference '\(reference)'" + Suggestion.hint(for: name, among: candidates), at: refValue)
            return nil
        }
        guard hops < 8 else {
            error("reference '\(reference)' is part of a chain of references that never ends", at: refValue)
            return nil
        }
        return try resolveComponent(target.value, kind: kind, hops: hops + 1)
    }

    /// The node a same-document reference (`#/paths/~1pets/get/responses/200`) points at, or nil with an error.
    private mutating func pointedNode(_ reference: String, at refValue: SpecNode) throws -> SpecNode? {
        guard reference.hasPrefix("#/"), let root = composedRoot else {
            error(
                "cannot resolve '\(reference)': only references inside this document ('#/…') are supported",
                at: refValue)
            return nil
        }
        var node = root
        var path: [String] = []
        for token in reference.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
            let name = Self.unescapePointer(String(token))
            path.append(name)
            switch node {
            case .mapping(let mapping):
                guard let value = mapping.first(where: { $0.key.scalar?.string == name })?.value else {
                    error("'\(reference)' points at nothing in the document", at: refValue)
                    return nil
                }
                node = value
            case .sequence(let sequence):
                guard let index = Int(name), sequence.indices.contains(index) else {
                    error("'\(reference)' points at nothing in the document", at: refValue)
                    return nil
                }
                node = sequence[index]
            default:
                error("'\(reference)' points at nothing in the document", at: refValue)
                return nil
            }
        }
        return try visit(node, path: path)
    }

    static func unescapePointer(_ token: String) -> String {
        guard token.contains(where: { $0 == "~" || $0 == "%" }) else { return token }
        let unescaped = JSONPointer.unescape(Substring(token))
        return JSONPointer.percentDecoded(unescaped) ?? unescaped
    }

    // MARK: - Paths

    private mutating func readPaths(_ node: SpecNode) throws -> [APIOperation] {
        var operations: [APIOperation] = []
        for pathEntry in try entries(node, of: "'paths'") ?? [] {
            if pathEntry.key.hasPrefix("x-") { continue }
            guard pathEntry.key.hasPrefix("/") else {
                error(
                    "a path must start with '/', found '\(pathEntry.key)'", at: pathEntry.keyLocation,
                    path: pathEntry.value.path)
                continue
            }
            guard let items = try entries(pathEntry.value, of: "the path item '\(pathEntry.key)'") else { continue }
            var shared: [Parameter] = []
            if let parametersEntry = items.first(where: { $0.key == "parameters" }) {
                shared = try readParameters(parametersEntry.value)
            }
            for item in items {
                if let method = HTTPMethod(rawValue: item.key) {
                    if let operation = try readOperation(item, method: method, path: pathEntry.key, shared: shared) {
                        checkPathParameters(operation, templateNames: operation.templateParameterNames, at: item)
                        operations.append(operation)
                    }
                } else {
                    switch item.key {
                    case "parameters", "summary", "description", "servers": break
                    case "$ref":
                        error("path item references are not supported; write the operations out", at: item.value)
                    default:
                        if !item.key.hasPrefix("x-") {
                            let hint = Suggestion.hint(for: item.key, among: HTTPMethod.allCases.map(\.rawValue))
                            warning(
                                "unknown key '\(item.key)' in a path item is ignored\(hint)", at: item.keyLocation,
                                path: item.value.path)
                        }
                    }
                }
            }
        }
        return operations
    }

    private mutating func checkPathParameters(_ operation: APIOperation, templateNames: [String], at item: SpecEntry) {
        let declared = operation.parameters.filter { $0.location == .path }
        for name in templateNames where !declared.contains(where: { $0.name == name }) {
            error(
                "\(operation.method.rawValue.uppercased()) \(operation.path) does not declare its path parameter "
                    + "'\(name)'; add {name: \(name), in: path, required: true, schema: ...} to its 'parameters'",
                at: item.keyLocation, path: item.value.path)
        }
        for parameter in declared where !templateNames.contains(parameter.name) {
            let hint = Suggestion.hint(for: parameter.name, among: templateNames)
            error(
                "path parameter '\(parameter.name)' does not appear in the path template '\(operation.path)'\(hint)",
                at: parameter.sourceLocation, path: item.value.path + ["parameters"])
        }
    }

    private mutating func readOperation(_ item: SpecEntry, method: HTTPMethod, path: String, shared: [Parameter]) throws
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
            case "security": operation.security = try readSecurity(entry.value)
            case "parameters":
                for parameter in try readParameters(entry.value) {
                    if let index = operation.parameters.firstIndex(where: {
                        $0.name == parameter.name && $0.location == parameter.location
                    }) {
                        operation.parameters[index] = parameter
                    } else {
                        operation.parameters.append(parameter)
                    }
                }
            case "requestBody": operation.requestBody = try readRequestBody(entry.value)
            case "responses":
                sawResponses = true
                operation.responses = try readResponses(entry.value)
            case "externalDocs", "callbacks": break
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
                            + Suggestion.hint(for: entry.key, among: known), at: entry.keyLocation,
                        path: entry.value.path)
                }
            }
        }
        if operation.operationID == nil {
            warning(
                "\(method.rawValue.uppercased()) \(path) has no operationId; generated names will be derived "
                    + "from the method and path",
                at: item.keyLocation, path: item.value.path)
        }
        // OpenAPI 3.1 lets an operation leave its responses out; the answer then has no body to decode.
        if !sawResponses && isOpenAPI30 {
            error(
                "\(method.rawValue.uppercased()) \(path) has no 'responses'", at: item.keyLocation,
                path: item.value.path)
        }
        return operation
    }

    private mutating func readParameters(_ node: SpecNode) throws -> [Parameter] {
        var parameters: [Parameter] = []
        // `parameters: null` (or an empty value) says there are none, as generators that emit specs often write it.
        if case .scalar(let scalar) = node.node, Self.value(of: scalar) == .null { return [] }
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
            for entry in fields {
                switch entry.key {
                case "name": name = string(entry.value, of: "a parameter's 'name'")
                case "in":
                    guard let text = string(entry.value, of: "a parameter's 'in'") else { break }
                    location = Parameter.Location(rawValue: text)
                    if location == nil {
                        let hint = Suggestion.hint(for: text, among: Parameter.Location.allCases.map(\.rawValue))
                        error("unknown parameter location '\(text)'\(hint)", at: entry.value)
                    }
                case "required": required = bool(entry.value, of: "a parameter's 'required'") ?? false
                case "description": description = string(entry.value, of: "a parameter's 'description'")
                case "deprecated": deprecated = bool(entry.value, of: "a parameter's 'deprecated'") ?? false
                case "schema": schema = try readSchema(entry.value, depth: 0)
                case "content":
                    error("parameters with 'content' are not supported; give the parameter a 'schema'", at: entry.value)
                case "style":
                    style = string(entry.value, of: "a parameter's 'style'")
                    if let text = style, !Self.parameterStyles.contains(text) {
                        let hint = Suggestion.hint(for: text, among: Self.parameterStyles)
                        error("unknown parameter style '\(text)'\(hint)", at: entry.value)
                    }
                case "explode": explode = bool(entry.value, of: "a parameter's 'explode'")
                case "allowEmptyValue", "allowReserved", "example", "examples": break
                default:
                    if !entry.key.hasPrefix("x-") {
                        let hint = Suggestion.hint(for: entry.key, among: Self.parameterKeys)
                        warning(
                            "unknown key '\(entry.key)' in a parameter is ignored\(hint)", at: entry.keyLocation,
                            path: entry.value.path)
                    }
                }
            }
            guard let name, let location else {
                if name == nil { error("a parameter needs a 'name'", at: resolved) }
                if location == nil && !fields.contains(where: { $0.key == "in" }) {
                    error("a parameter needs 'in'", at: resolved)
                }
                continue
            }
            if location == .path && !required {
                error("path parameter '\(name)' must have 'required: true'", at: resolved)
            }
            let parameterSchema = schema ?? Schema(location: resolved.location, path: resolved.pathString)
            if schema == nil { error("parameter '\(name)' needs a 'schema'", at: resolved) }
            parameters.append(
                Parameter(
                    name: name, location: location, required: required, description: description,
                    deprecated: deprecated, schema: parameterSchema, sourceLocation: resolved.location, style: style,
                    explode: explode))
        }
        return parameters
    }

    static let parameterStyles = [
        "matrix", "label", "simple", "form", "spaceDelimited", "pipeDelimited", "deepObject",
    ]
    static let parameterKeys = [
        "name", "in", "description", "required", "deprecated", "allowEmptyValue", "style", "explode", "allowReserved",
        "schema", "example", "examples", "content",
    ]

    /// The media type generated for, and its schema, from a `content` mapping: the first JSON one, else form,
    /// multipart, text, bytes (see `MediaKind.preference`); nil for an empty mapping.
    private mutating func readContent(_ node: SpecNode) throws -> (String, Schema?)? {
        let entries = try entries(node, of: "'content'") ?? []
        let best = entries.enumerated().min { lhs, rhs in
            let left = MediaKind(mediaType: lhs.element.key).preference
            let right = MediaKind(mediaType: rhs.element.key).preference
            return (left, lhs.offset) < (right, rhs.offset)
        }?.element
        guard let entry = best else { return nil }
        var schema: Schema?
        for field in try self.entries(entry.value, of: "a media type") ?? [] where field.key == "schema" {
            schema = try readSchema(field.value, depth: 0)
        }
        return (entry.key, schema)
    }

    private mutating func readRequestBody(_ node: SpecNode) throws -> RequestBody? {
        guard let resolved = try resolveComponent(node, kind: "requestBodies"),
            let fields = try entries(resolved, of: "'requestBody'")
        else { return nil }
        var required = false
        var description: String?
        var content: (String, Schema?)?
        var contentNode: SpecNode?
        for entry in fields {
            switch entry.key {
            case "required": required = bool(entry.value, of: "'requestBody.required'") ?? false
            case "description": description = string(entry.value, of: "'requestBody.description'")
            case "content":
                contentNode = entry.value
                content = try readContent(entry.value)
            default: warnUnknownKey(entry, in: "a request body", known: ["required", "description", "content"])
            }
        }
        guard let contentNode else {
            error("a request body needs 'content'", at: resolved)
            return nil
        }
        guard let (contentType, schema) = content else {
            error("a request body needs at least one media type in 'content'", at: contentNode)
            return nil
        }
        let kind = MediaKind(mediaType: contentType)
        guard
            let schema = schema
                ?? (kind == .text || kind == .binary
                    ? Schema(location: contentNode.location, path: contentNode.pathString) : nil)
        else {
            error("the request body's '\(contentType)' needs a 'schema'", at: contentNode)
            return nil
        }
        return RequestBody(required: required, description: description, contentType: contentType, schema: schema)
    }

    private mutating func readResponses(_ node: SpecNode) throws -> [Response] {
        var responses: [Response] = []
        var sawStatus = false
        for entry in try entries(node, of: "'responses'") ?? [] {
            if entry.key.hasPrefix("x-") { continue }
            sawStatus = true
            guard Self.isValidStatus(entry.key) else {
                error(
                    "'\(entry.key)' is not a response status; use a code from 100 to 599, a range such as 4XX, "
                        + "or 'default'",
                    at: entry.keyLocation, path: entry.value.path)
                continue
            }
            // A shared response is read once: every operation that refers to it gets the same value.
            let reference = Self.reference(in: entry.value)
            if let reference, var shared = sharedResponses[reference] {
                shared.status = entry.key
                responses.append(shared)
                continue
            }
            guard let resolved = try resolveComponent(entry.value, kind: "responses"),
                let fields = try entries(resolved, of: "the response '\(entry.key)'")
            else { continue }
            var response = Response(status: entry.key, description: "", contentType: nil, schema: nil, headers: [])
            for field in fields {
                switch field.key {
                case "description": response.description = string(field.value, of: "a response's 'description'") ?? ""
                case "content":
                    if let (contentType, schema) = try readContent(field.value) {
                        response.contentType = contentType
                        let kind = MediaKind(mediaType: contentType)
                        response.schema =
                            schema
                            ?? (kind == .text || kind == .binary
                                ? Schema(location: field.value.location, path: field.value.pathString) : nil)
                    }
                case "headers":
                    for header in try entries(field.value, of: "'headers'") ?? [] {
                        response.headers.append(try readHeader(header))
                    }
                default: warnUnknownKey(field, in: "a response", known: ["description", "content", "headers", "links"])
                }
            }
            responses.append(response)
            if let reference { sharedResponses[reference] = response }
        }
        if !sawStatus && node.node.mapping != nil {
            error("an operation needs at least one response", at: node)
        }
        return responses
    }

    static func isValidStatus(_ status: String) -> Bool {
        if status == "default" { return true }
        let characters = Array(status)
        guard characters.count == 3, let first = characters.first, ("1"..."5").contains(first) else { return false }
        if characters[1] == "X" && characters[2] == "X" { return true }
        return characters.allSatisfy(\.isASCII) && characters.allSatisfy(\.isNumber)
    }

    private mutating func readHeader(_ header: SpecEntry) throws -> Response.Header {
        let reference = Self.reference(in: header.value)
        if let reference, var shared = sharedHeaders[reference] {
            shared.name = header.key
            return shared
        }
        var result = Response.Header(name: header.key, description: nil, schema: nil)
        defer { if let reference { sharedHeaders[reference] = result } }
        guard let resolved = try resolveComponent(header.value, kind: "headers") else { return result }
        for field in try entries(resolved, of: "the header '\(header.key)'") ?? [] {
            switch field.key {
            case "description": result.description = string(field.value, of: "a header's 'description'")
            case "schema": result.schema = try readSchema(field.value, depth: 0)
            default:
                warnUnknownKey(
                    field, in: "a header",
                    known: [
                        "description", "schema", "required", "deprecated", "style", "explode", "example", "examples",
                        "content",
                    ])
            }
        }
        return result
    }

    // MARK: - Schemas

    /// Keywords whose meaning `Schema` does not model: the validator checks them, and the generator falls back to a
    /// JSON value type where one appears (with a warning), because no Swift type it writes would say the same.
    private mutating func readDiscriminator(_ node: SpecNode) throws -> Schema.Discriminator? {
        var propertyName: String?
        var mapping: [(value: String, reference: String)] = []
        for entry in try entries(node, of: "'discriminator'") ?? [] {
            switch entry.key {
            case "propertyName": propertyName = string(entry.value, of: "'propertyName'")
            case "mapping":
                for pair in try entries(entry.value, of: "'mapping'") ?? [] {
                    guard let reference = string(pair.value, of: "a mapping's value") else { continue }
                    // A bare name (`Cat`) stands for the component of that name.
                    mapping.append(
                        (pair.key, reference.contains("/") ? reference : "#/components/schemas/" + reference))
                }
            default:
                if !entry.key.hasPrefix("x-") {
                    warning(
                        "unknown key '\(entry.key)' in a discriminator is ignored", at: entry.keyLocation,
                        path: entry.value.path)
                }
            }
        }
        guard let propertyName else {
            error("a discriminator needs a 'propertyName'", at: node)
            return nil
        }
        return Schema.Discriminator(propertyName: propertyName, mapping: mapping)
    }

    private static let untypedKeywords: Set<String> = [
        "not", "if", "then", "else", "patternProperties", "prefixItems", "contains", "propertyNames",
        "dependentSchemas", "unevaluatedProperties", "unevaluatedItems", "$dynamicRef",
    ]

    /// Assertions that constrain values without changing their Swift type: the validator checks them.
    private static let assertionKeywords: Set<String> = [
        "minItems", "maxItems", "uniqueItems", "multipleOf", "minProperties", "maxProperties", "minContains",
        "maxContains", "dependentRequired",
    ]

    /// Annotations and keywords without meaning for types.
    private static let annotationKeywords: Set<String> = [
        "title", "example", "examples", "externalDocs", "readOnly", "writeOnly", "xml", "$comment",
        "contentMediaType", "contentEncoding", "contentSchema", "$schema", "$id", "$anchor", "$dynamicAnchor", "$defs",
        "definitions", "$vocabulary",
    ]

    private static let schemaKeywords: [String] = [
        "type", "properties", "required", "additionalProperties", "items", "enum", "const", "format", "minLength",
        "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "allOf", "oneOf",
        "anyOf", "description", "default", "deprecated", "$ref", "nullable", "discriminator",
    ]

    private mutating func readSchema(_ node: SpecNode, depth: Int) throws -> Schema {
        var schema = Schema(location: node.location, path: node.pathString)
        if depth > Limits.maximumSchemaDepth {
            error(
                "schemas nest more than \(Limits.maximumSchemaDepth) levels deep here; split them into components",
                at: node)
            throw LimitReached()
        }
        if case .scalar = node.node, case .bool(let value) = scalarValue(node) {
            // `true` allows everything; `false` allows nothing, which an empty enum expresses.
            if !value { schema.enumValues = [] }
            return schema
        }
        guard let fields = try entries(node, of: "a schema") else { return schema }
        var nullable = false
        for entry in fields {
            let value = entry.value
            switch entry.key {
            case "$ref":
                guard let reference = string(value, of: "'$ref'") else { break }
                let prefix = "#/components/schemas/"
                if reference.hasPrefix(prefix), !reference.dropFirst(prefix.count).contains("/") {
                    schema.ref = resolveSchemaReference(reference, at: value)
                } else {
                    // Any other URI the validator resolves (or reports); the generator has no name for it.
                    schema.untypedKeywords["$ref"] = entry.keyLocation
                }
            case "type": schema.types = try readTypes(value)
            case "properties":
                for property in try entries(value, of: "'properties'") ?? [] {
                    let propertySchema = try readSchema(property.value, depth: depth + 1)
                    schema.properties.append(
                        Schema.Property(name: property.key, schema: propertySchema, location: property.keyLocation))
                }
            case "required":
                schema.required = try strings(value, of: "'required'")
            case "additionalProperties":
                if case .bool(let allowed) = scalarValue(value) {
                    schema.additionalProperties = allowed ? .allowed : .forbidden
                } else {
                    schema.additionalProperties = .schema(try readSchema(value, depth: depth + 1))
                }
            case "items":
                if value.node.sequence != nil {
                    error(
                        "'items' must be one schema in OpenAPI 3.1 (JSON Schema 2020-12); a list of schemas is "
                            + "written 'prefixItems'",
                        at: value)
                } else {
                    schema.items = try readSchema(value, depth: depth + 1)
                }
            case "enum":
                if let values = try elements(value, of: "'enum'") {
                    schema.enumValues = try values.map { try jsonValue($0) }
                }
            case "const": schema.constValue = try jsonValue(value)
            case "format": schema.format = string(value, of: "'format'")
            case "minLength": schema.minLength = nonNegativeInt(value, of: "'minLength'")
            case "maxLength": schema.maxLength = nonNegativeInt(value, of: "'maxLength'")
            case "pattern":
                if let pattern = string(value, of: "'pattern'") {
                    if (try? NSRegularExpression(pattern: pattern)) == nil {
                        error("'pattern' is not a valid regular expression: \(pattern)", at: value)
                    } else {
                        schema.pattern = pattern
                    }
                }
            case "minimum": schema.minimum = number(value, of: "'minimum'")
            case "maximum": schema.maximum = number(value, of: "'maximum'")
            case "exclusiveMinimum", "exclusiveMaximum":
                // OpenAPI 3.0 writes these as booleans that modify minimum/maximum.
                if isOpenAPI30, case .bool(let exclusive) = scalarValue(value) {
                    if exclusive, entry.key == "exclusiveMinimum" {
                        schema.exclusiveMinimum = fields.first { $0.key == "minimum" }.flatMap {
                            number($0.value, of: "'minimum'")
                        }
                        schema.minimum = nil
                    } else if exclusive {
                        schema.exclusiveMaximum = fields.first { $0.key == "maximum" }.flatMap {
                            number($0.value, of: "'maximum'")
                        }
                        schema.maximum = nil
                    }
                } else if entry.key == "exclusiveMinimum" {
                    schema.exclusiveMinimum = number(value, of: "'exclusiveMinimum'")
                } else {
                    schema.exclusiveMaximum = number(value, of: "'exclusiveMaximum'")
                }
            case "allOf": schema.allOf = try readSubschemas(value, of: "'allOf'", depth: depth)
            case "oneOf": schema.oneOf = try readSubschemas(value, of: "'oneOf'", depth: depth)
            case "anyOf": schema.anyOf = try readSubschemas(value, of: "'anyOf'", depth: depth)
            case "description": schema.description = string(value, of: "'description'")
            case "title": schema.title = string(value, of: "'title'")
            case "default": schema.defaultValue = try jsonValue(value)
            case "deprecated": schema.deprecated = bool(value, of: "'deprecated'") ?? false
            case "discriminator": schema.discriminator = try readDiscriminator(value)
            case "nullable":
                if isOpenAPI30 {
                    nullable = bool(value, of: "'nullable'") ?? false
                } else {
                    // JSON Schema validation ignores it in 3.1; the generator still honours the author's intent.
                    nullable = bool(value, of: "'nullable'") ?? false
                    warning(
                        "'nullable' is OpenAPI 3.0 and validation ignores it in 3.1; "
                            + "write the type as a list with \"null\", e.g. type: [string, \"null\"]",
                        at: entry.keyLocation, path: value.path)
                }
            default:
                if entry.key.hasPrefix("x-") {
                    schema.extensions[entry.key] = try jsonValue(value)
                    schema.extensionLocations[entry.key] = value.location
                } else if Self.untypedKeywords.contains(entry.key) {
                    schema.untypedKeywords[entry.key] = entry.keyLocation
                } else if !Self.annotationKeywords.contains(entry.key) && !Self.assertionKeywords.contains(entry.key) {
                    let hint = Suggestion.hint(
                        for: entry.key,
                        among: Self.schemaKeywords + Self.assertionKeywords.sorted() + Self.untypedKeywords.sorted())
                    warning("unknown keyword '\(entry.key)' is ignored\(hint)", at: entry.keyLocation, path: value.path)
                }
            }
        }
        if nullable, var types = schema.types, !types.contains(.null) {
            types.append(.null)
            schema.types = types
        } else if nullable, schema.types == nil {
            schema.isMarkedNullable = true
        }
        for name in schema.required
        where !schema.properties.isEmpty && schema.property(name) == nil && schema.ref == nil && schema.allOf.isEmpty {
            let hint = Suggestion.hint(for: name, among: schema.properties.map(\.name))
            warning("required property '\(name)' is not among the schema's properties\(hint)", at: node)
        }
        return schema
    }

    private mutating func readSubschemas(_ node: SpecNode, of what: String, depth: Int) throws -> [Schema] {
        let members = try elements(node, of: what) ?? []
        if members.isEmpty && node.node.sequence != nil {
            error("\(what) needs at least one schema", at: node)
        }
        return try members.map { try readSchema($0, depth: depth + 1) }
    }

    private mutating func readTypes(_ node: SpecNode) throws -> [JSONType]? {
        let names: [SpecNode]
        if node.node.sequence != nil {
            names = try elements(node, of: "'type'") ?? []
            if names.isEmpty {
                error("'type' needs at least one type", at: node)
                return nil
            }
        } else {
            names = [node]
        }
        var types: [JSONType] = []
        for nameNode in names {
            guard let name = string(nameNode, of: "'type'") else { continue }
            guard let type = JSONType(rawValue: name) else {
                let hint = Suggestion.hint(for: name, among: JSONType.allCases.map(\.rawValue))
                error(
                    "unknown type '\(name)'\(hint); the types are object, array, string, integer, number, "
                        + "boolean and null",
                    at: nameNode)
                continue
            }
            if types.contains(type) {
                warning("type '\(name)' is listed twice", at: nameNode)
            } else {
                types.append(type)
            }
        }
        return types.isEmpty ? nil : types
    }

    /// The component a `#/components/schemas/<name>` reference names, or nil with an error when there is none.
    private mutating func resolveSchemaReference(_ reference: String, at node: SpecNode) -> String? {
        let prefix = "#/components/schemas/"
        let name = Self.unescapePointer(String(reference.dropFirst(prefix.count)))
        guard schemaNameSet.contains(name) else {
            error("unresolved reference '\(reference)'" + Suggestion.hint(for: name, among: schemaNames), at: node)
            return nil
        }
        referencedSchemas.insert(name)
        return name
    }

    // MARK: - Whole-document checks

    private mutating func checkOperationIDs(_ operations: [APIOperation]) {
        var first: [String: APIOperation] = [:]
        for operation in operations {
            guard let id = operation.operationID else { continue }
            if let earlier = first[id] {
                let message =
                    "duplicate operationId '\(id)' (\(operation.method.rawValue.uppercased()) \(operation.path)); "
                    + "it is first used by \(earlier.method.rawValue.uppercased()) \(earlier.path) "
                    + "at \(earlier.location)"
                error(message, at: operation.location, path: ["paths", operation.path, operation.method.rawValue])
            } else {
                first[id] = operation
            }
        }
    }

    private mutating func checkSecurity(
        operations: [APIOperation], topLevel: [String], root: SpecNode, schemes: [Document.SecurityScheme]
    ) {
        let known = schemes.map(\.name)
        for name in topLevel where !known.contains(name) {
            error(
                "security scheme '\(name)' is not declared in components.securitySchemes"
                    + Suggestion.hint(for: name, among: known), at: root.location, path: ["security"])
        }
        for operation in operations {
            for name in operation.security ?? [] where !known.contains(name) {
                error(
                    "security scheme '\(name)' is not declared in components.securitySchemes"
                        + Suggestion.hint(for: name, among: known), at: operation.location,
                    path: ["paths", operation.path, operation.method.rawValue, "security"])
            }
        }
    }

    /// Finds schemas that contain themselves through `$ref`, `allOf` and required properties only: no value of
    /// such a schema can ever be written down, and no Swift struct can hold one.
    private mutating func checkCycles(_ schemas: [NamedSchema]) {
        var edges: [String: [(target: String, location: SourceLocation, path: String)]] = [:]
        func collect(_ schema: Schema, into list: inout [(target: String, location: SourceLocation, path: String)]) {
            if let ref = schema.ref { list.append((ref, schema.location, schema.path)) }
            for member in schema.allOf { collect(member, into: &list) }
            for property in schema.properties
            where schema.required.contains(property.name) && !property.schema.isNullable {
                collect(property.schema, into: &list)
            }
        }
        for named in schemas {
            var list: [(target: String, location: SourceLocation, path: String)] = []
            collect(named.schema, into: &list)
            edges[named.name] = list
        }
        var state: [String: Int] = [:]  // 1: on the current path, 2: done
        var stack: [String] = []
        var reported: Set<String> = []
        func visit(_ name: String) {
            state[name] = 1
            stack.append(name)
            for edge in edges[name] ?? [] {
                switch state[edge.target] {
                case 1:
                    let cycleStart = stack.firstIndex(of: edge.target) ?? 0
                    let cycle = stack[cycleStart...] + [edge.target]
                    let key = Set(cycle).sorted().joined(separator: ",")
                    if reported.insert(key).inserted {
                        let message =
                            "schema '\(edge.target)' contains itself through \(cycle.joined(separator: " → ")) "
                            + "with no array, optional or nullable property in between, so no value of it can end"
                        diagnostics.append(Diagnostic(.error, message, at: edge.location, path: edge.path))
                    }
                case nil:
                    visit(edge.target)
                default:
                    break
                }
            }
            stack.removeLast()
            state[name] = 2
        }
        for named in schemas where state[named.name] == nil {
            visit(named.name)
        }
    }
}
