import APISpecCore
import Foundation
import Yams

/// The document's top level: `info`, `servers`, `security`, `tags` and `components`, and same-document references.
extension SpecLoader {
    mutating func readDocument(_ root: SpecNode) throws -> Document? {
        guard let top = try entries(root, of: "the document") else { return nil }
        var version: String?
        var info = Document.Info(title: "", version: "")
        var servers: [Document.Server] = []
        var security: [[String]] = []
        var tags: [Tag] = []
        var pathsNode: SpecNode?
        var componentsNode: SpecNode?
        var azurePathsNode: SpecNode?
        var webhooksNode: SpecNode?
        var extensions: [String: JSON] = [:]
        for entry in top {
            switch entry.key {
            case "openapi": version = string(entry.value, of: "'openapi'")
            case "info":
                // Nothing generated depends on it (missing keys are warnings too, in `readInfo`).
                guard entry.value.node.mapping != nil else {
                    warning(
                        "expected a mapping for 'info', found \(describe(entry.value)); it is ignored",
                        at: entry.value)
                    break
                }
                info = try readInfo(entry.value)
            case "servers": servers = try readServers(entry.value)
            case "security": security = try readSecurity(entry.value)
            case "tags": tags = try readTags(entry.value)
            case "paths":
                // `paths:` with nothing after it, as hand-written specs without operations have it: none.
                if scalarValue(entry.value) != .null { pathsNode = entry.value }
            case "components": componentsNode = entry.value
            case "x-ms-paths": azurePathsNode = entry.value
            case "webhooks":
                webhooksNode = entry.value
                note(
                    "webhooks are not generated: no code is made for the requests the API sends (the schemas they use "
                        + "are)", at: entry.keyLocation, path: entry.value.pathString)
            case "jsonSchemaDialect", "externalDocs", "$self": break
            case "swagger":
                // Swagger 2.0 was converted as it was read (`SwaggerConversion`); Swagger 1.x is another format.
                error(
                    "this is a Swagger \(string(entry.value, of: "'swagger'") ?? "") document, which api-codegen does "
                        + "not read (it reads Swagger 2.0 and OpenAPI 3); convert it to OpenAPI 3 first",
                    at: entry.keyLocation, path: entry.value.pathString)
                return nil
            default:
                if entry.key.hasPrefix("x-") {
                    extensions[entry.key] = try jsonValue(entry.value)
                } else {
                    warning(
                        "unknown key '\(entry.key)' is ignored"
                            + hint(
                                for: entry.key,
                                among: ["openapi", "info", "servers", "security", "tags", "paths", "components"]),
                        at: entry.keyLocation, path: entry.value.pathString)
                }
            }
        }
        let hasAPI = pathsNode != nil || componentsNode != nil || webhooksNode != nil
        guard let version = version ?? versionlessFallback(root, hasAPI: hasAPI) else { return nil }
        if version.hasPrefix("3.0") {
            isOpenAPI30 = true
        } else if !version.hasPrefix("3.1") && !version.hasPrefix("3.2") {
            // 3.2 is 3.1 with additions: what it adds and the generator does not use is warned about where it is.
            error(
                "unsupported OpenAPI version '\(version)'; 3.2.x, 3.1.x and 3.0.x are supported", at: root.location,
                path: "#/openapi")
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
        if let azurePathsNode { operations += try readPaths(azurePathsNode, fromAzurePaths: true) }
        // Webhooks are requests the API sends, not operations a client calls: nothing is generated for them, but
        // the schemas they name are used.
        if let webhooksNode { try markReferences(in: webhooksNode) }
        // Schemas named by references outside `#/components/schemas` (other files, other places), read once each,
        // after the ones the spec names.
        while !schemasToRead.isEmpty {
            let (name, node) = schemasToRead.removeFirst()
            schemas.append(NamedSchema(name: name, schema: try readSchema(node, depth: 0), location: node.location))
        }
        var tagNames = Set(tags.map(\.name))
        for tagName in operations.flatMap(\.tags) where tagNames.insert(tagName).inserted {
            tags.append(Tag(name: tagName, description: nil))
        }
        checkOperationIDs(&operations)
        checkSecurity(operations: &operations, topLevel: &security, root: root, schemes: securitySchemes)
        checkCycles(&schemas)
        let used = referencedSchemas.union(Self.usedThroughDiscriminators(schemas, referenced: referencedSchemas))
        for named in schemas where !used.contains(named.name) && schemaNameSet.contains(named.name) {
            warning(
                "schema '\(named.name)' is never used", at: named.location,
                path: JSONPointer.fragment(["components", "schemas", named.name]))
        }
        var document = Document(
            file: files[0].displayName, openAPIVersion: version, info: info, servers: servers,
            securitySchemes: securitySchemes,
            security: Self.schemeNames(security), tags: tags, operations: operations, schemas: schemas,
            extensions: extensions, warnings: [])
        document.securityRequirements = security
        return document
    }

    /// The components no reference names that are used all the same: those that `allOf` a used component with a
    /// `discriminator`, directly or through one another (`NamedSchema.descendants`), since a value of that parent
    /// may be any of them.
    static func usedThroughDiscriminators(_ schemas: [NamedSchema], referenced: Set<String>) -> Set<String> {
        let children = NamedSchema.allOfChildren(of: schemas)
        var used: Set<String> = []
        for named in schemas where named.schema.discriminator != nil && referenced.contains(named.name) {
            // A parent below one already walked has its descendants among that one's.
            guard !used.contains(named.name) else { continue }
            used.formUnion(NamedSchema.descendants(of: named.name, children: children))
        }
        return used
    }

    /// The version a document without `openapi` is read as: 3.1.0, with a warning, when it has `paths`,
    /// `components` or `webhooks` (fragments that tools such as datamodel-code-generator read); else nil with an
    /// error, for a file that is no OpenAPI document at all.
    private mutating func versionlessFallback(_ root: SpecNode, hasAPI: Bool) -> String? {
        guard hasAPI else {
            error("missing 'openapi': the document must say which OpenAPI version it is (3.1.0 or 3.0.x)", at: root)
            return nil
        }
        warning(
            "missing 'openapi': the document does not say which OpenAPI version it is; it is read as 3.1.0", at: root)
        return "3.1.0"
    }

    /// `info`, a mapping (or a `$ref` to one): what is not a mapping the caller warns about and leaves out.
    mutating func readInfo(_ node: SpecNode) throws -> Document.Info {
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
        // OpenAPI requires both, but no generated code depends on them (the client's documentation falls back on
        // the module name), so a spec that leaves one out still generates.
        for key in ["title", "version"] where !seen.contains(key) {
            warning("'info' is missing '\(key)', which OpenAPI requires; nothing generated depends on it", at: node)
        }
        return info
    }

    mutating func readServers(_ node: SpecNode) throws -> [Document.Server] {
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
    mutating func markReferences(in node: SpecNode) throws {
        let prefix = "#/components/schemas/"
        switch node.node {
        case .mapping(let pairs, _):
            for pair in pairs {
                let name = pair.key.scalar?.text ?? ""
                if name == "$ref", let reference = pair.value.scalar?.text, reference.hasPrefix(prefix) {
                    referencedSchemas.insert(Self.unescapePointer(String(reference.dropFirst(prefix.count))))
                } else {
                    // Each node counts against the document's budget, so aliases cannot make this walk explode.
                    try markReferences(in: child(pair.value, of: node, name))
                }
            }
        case .sequence(let elements, _):
            for (index, element) in elements.enumerated() {
                try markReferences(in: child(element, of: node, String(index)))
            }
        case .scalar, .alias:
            break
        }
    }

    mutating func readServerVariables(_ node: SpecNode) throws -> [Document.Server.Variable] {
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

    /// A `security` list: its alternatives, each the names of the schemes sent together. One requirement written
    /// without its list (`security: {auth: []}`, which flasgger's examples write and Swagger UI reads) is that
    /// requirement alone, with a warning.
    mutating func readSecurity(_ node: SpecNode) throws -> [[String]] {
        var alternatives: [[String]] = []
        guard let node = try follow(node) else { return [] }
        if node.node.mapping != nil {
            warning(
                "'security' is a list of requirements; this one requirement without its list is read as the only one",
                at: node)
            return [try entries(node, of: "a security requirement", following: false)?.map(\.key) ?? []]
        }
        for requirement in try elements(node, of: "'security'", following: false) ?? [] {
            alternatives.append(try entries(requirement, of: "a security requirement")?.map(\.key) ?? [])
        }
        return alternatives
    }

    mutating func readTags(_ node: SpecNode) throws -> [Tag] {
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

    static let componentKinds = [
        "schemas", "parameters", "responses", "headers", "requestBodies", "securitySchemes", "examples", "links",
        "callbacks", "pathItems",
    ]

    mutating func readComponents(_ node: SpecNode) throws -> [Document.SecurityScheme] {
        var schemes: [Document.SecurityScheme] = []
        for entry in try entries(node, of: "'components'") ?? [] {
            guard Self.componentKinds.contains(entry.key) else {
                if !entry.key.hasPrefix("x-") {
                    warning(
                        "unknown component kind '\(entry.key)' is ignored"
                            + hint(for: entry.key, among: Self.componentKinds), at: entry.keyLocation,
                        path: entry.value.pathString)
                }
                continue
            }
            let members = try entries(entry.value, of: "'components.\(entry.key)'") ?? []
            // A name OpenAPI's pattern does not allow loses nothing here (Swift names are made from it), so it is a
            // note: lint shows it to the spec's maintainers, and builds that apply the plugin stay free of warnings.
            for member in members where !Self.isComponentName(member.key) {
                note(
                    "component name '\(member.key)' has characters OpenAPI does not allow in one (letters, digits, "
                        + "'.', '-' and '_'); other tools may refuse the spec", at: member.keyLocation,
                    path: member.value.pathString)
            }
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

    /// Whether `name` matches OpenAPI's `^[a-zA-Z0-9\.\-_]+$` for the keys of `components`.
    static func isComponentName(_ name: String) -> Bool {
        !name.isEmpty
            && name.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || ".-_".unicodeScalars.contains(scalar))
            }
    }

    mutating func readSecurityScheme(_ member: SpecEntry) throws -> Document.SecurityScheme {
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
            let typeNode = try self.member(member.value, "type") ?? member.value
            if scheme.type.isEmpty || Suggestion.closest(to: scheme.type, among: types) != nil {
                // Missing or misspelt (`apikey`, `Oauth2`): a credential the spec means to send would silently not be.
                error(
                    "unknown security scheme type '\(scheme.type)'" + hint(for: scheme.type, among: types),
                    at: typeNode)
            } else {
                // A type of another vocabulary (`cookie`): the scheme is one the client cannot send, as mutual TLS.
                warning(
                    "unknown security scheme type '\(scheme.type)' (the types are http, apiKey, oauth2, openIdConnect "
                        + "and mutualTLS): the client cannot send it, so requirements that need it are left out, and "
                        + "an operation that accepts only it is sent without a credential", at: typeNode)
            }
        }
        return scheme
    }

    /// The component schemas, in spec order. A component that is only a `$ref` to a schema elsewhere (another file,
    /// as split specs write `User: {$ref: './schemas/user.yaml'}`) is that schema under the component's name, so that
    /// every reference to it, however spelt, names one type.
    mutating func readSchemas() throws -> [NamedSchema] {
        var schemas: [NamedSchema] = []
        var bodies: [String: SpecNode] = [:]
        for name in schemaNames {
            guard let entry = rawComponents["schemas"]?[name] else { continue }
            guard let mapping = entry.value.node.mapping, mapping.count == 1,
                let refNode = entry.value.node.member("$ref"), let reference = refNode.scalar?.text,
                !(reference.hasPrefix("#/components/schemas/") && entry.value.file == 0)
            else { continue }
            let refValue = try child(refNode, of: entry.value, "$ref")
            guard let target = try resolve(reference, at: refValue), schemaNamesByTarget[target.key] == nil else {
                continue
            }
            schemaNamesByTarget[target.key] = name
            bodies[name] = target.node
            if target.node.path.isEmpty { files[target.node.file].isSchema = true }
        }
        for name in schemaNames {
            guard let entry = rawComponents["schemas"]?[name] else { continue }
            let schema = try readSchema(bodies[name] ?? entry.value, depth: 0)
            schemas.append(NamedSchema(name: name, schema: schema, location: entry.keyLocation))
        }
        return schemas
    }

    /// The name of the schema a `$ref` in a schema names when it is not a component of the spec (another file, or
    /// another place of a file): the component's name when the target is one, else a name from the target — its
    /// pointer's last name (`common.yaml#/components/schemas/Error` → `Error`) or its file's
    /// (`schemas/Actor.yaml` → `Actor`) — made unique among the schemas. Nil when the reference cannot be followed.
    mutating func schemaName(forReference reference: String, at refValue: SpecNode) throws -> String? {
        guard let target = try resolve(reference, at: refValue) else { return nil }
        let path = target.node.path
        if target.node.file == 0, path.count == 3, path[0] == "components", path[1] == "schemas",
            schemaNameSet.contains(path[2])
        {
            return path[2]
        }
        if let known = schemaNamesByTarget[target.key] { return known }
        let structural: Set<String> = [
            "schema", "schemas", "items", "properties", "additionalProperties", "content", "definitions", "$defs",
            "components", "allOf", "oneOf", "anyOf", "not", "prefixItems",
        ]
        let stem =
            path.last { !structural.contains($0) && Int($0) == nil && !$0.contains("/") }
            ?? Self.fileStem(files[target.node.file].relativePath)
        var name = stem
        var number = 2
        while schemaNameSet.contains(name) {
            name = stem + String(number)
            number += 1
        }
        schemaNameSet.insert(name)
        schemaNamesByTarget[target.key] = name
        schemasToRead.append((name, target.node))
        if path.isEmpty { files[target.node.file].isSchema = true }
        return name
    }

    /// `schemas/Actor.yaml` → `Actor`.
    static func fileStem(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    /// The text of a mapping's `$ref`, if it has one.
    static func reference(in node: SpecNode) -> String? {
        node.node.mapping == nil ? nil : node.node.member("$ref")?.scalar?.text
    }

    /// Follows a `$ref` to a parameter, response, request body or header — in this file or another — and returns the
    /// node it names; the node itself when it has no `$ref`.
    mutating func resolveComponent(_ node: SpecNode, kind: String) throws -> SpecNode? {
        try follow(node)
    }

    static func unescapePointer(_ token: String) -> String {
        guard token.contains(where: { $0 == "~" || $0 == "%" }) else { return token }
        let unescaped = JSONPointer.unescape(Substring(token))
        return JSONPointer.percentDecoded(unescaped) ?? unescaped
    }
}
