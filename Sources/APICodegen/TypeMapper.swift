import APISpecCore
import Foundation
import OpenAPIDocument

/// Decides, once, the Swift name and type of every schema, property, operation and parameter of a document.
///
/// The result is an intermediate representation (`SwiftDeclaration`, `SwiftOperation`) that the renderers turn
/// into text without making any decision of their own. Anything that cannot become compiling Swift is a located
/// error saying what to change in the spec.
struct TypeMapper {
    let document: Document
    var diagnostics: [Diagnostic] = []
    /// Component schema name → Swift type name.
    var componentTypeNames: [String: String] = [:]
    var componentSchemas: [String: Schema] = [:]
    /// Every top-level Swift name in use, so nested and inline types never shadow one.
    var topLevelNames: SwiftNames = []
    /// Inline request and response body types, declared at top level.
    var inlineDeclarations: [SwiftDeclaration] = []
    /// The type of each body schema already mapped, by the schema's place in the document.
    var inlineBodyTypes: [String: SwiftType] = [:]
    /// The top-level structs, by Swift name, for the fields of form and multipart bodies.
    var bodyStructs: [String: SwiftStruct] = [:]
    let clientName: String
    /// The protocol composition of every group's service (`PyrusServer`), when there are several groups.
    var serverName: String?
    /// Every open enum's Swift name: the components' from the start (a default may name one declared later), the
    /// nested ones as they are declared.
    var openEnumNames: Set<String> = []
    /// The groups' names, decided once.
    var groupNames: [SwiftGroupNames] = []
    /// The places of the inline object schemas being mapped, outermost first: an inline schema that `allOf` brings
    /// back into itself (`p: {allOf: [{$ref: A}], …}` inside `A`) would otherwise be nested forever.
    var inlineObjectsInProgress: [String] = []
    /// Swift types of the user's own for schemas and string formats.
    let typeOverrides: CodegenConfiguration.TypeOverrides

    init(document: Document, moduleName: String, typeOverrides: CodegenConfiguration.TypeOverrides = .init()) {
        self.document = document
        self.typeOverrides = typeOverrides
        for named in document.schemas { componentSchemas[named.name] = named.schema }
        topLevelNames = SwiftNames(ReservedNames.types.union(ReservedNames.functions))
        // A client named like a type generated code uses (a module `API` makes `APIClient`) would hide that type.
        let preferredClientName = Self.clientName(document: document, moduleName: moduleName)
        clientName = SwiftNaming.unique(preferredClientName, in: &topLevelNames)
        if clientName != preferredClientName {
            warnings.append(
                Diagnostic(
                    .warning,
                    "the client's name '\(preferredClientName)' is a type generated code uses; generated as "
                        + "'\(clientName)' (x-swift-client-name or another module name chooses another)",
                    at: SourceLocation(file: document.file, line: 1, column: 1), path: "#"))
        }
        // A schema the user maps to a type of their own is that type wherever it is used, and no generated name
        // may take the type's own name.
        for named in document.schemas {
            guard let type = typeOverrides.schemas[named.name] else { continue }
            componentTypeNames[named.name] = type
            topLevelNames.insert(String(type.split(separator: ".").last ?? Substring(type)))
        }
        groupNames = Self.nameGroups(document, clientName: clientName, taken: &topLevelNames)
        if groupNames.count > 1 {
            serverName = SwiftNaming.unique(Self.stem(ofClient: clientName) + "Server", in: &topLevelNames)
        }
        // Names the spec asks for first, so a derived name never takes one of them.
        for named in document.schemas where typeOverrides.schemas[named.name] == nil {
            guard let preferred = explicitName(of: named.schema, isTypeName: true) else { continue }
            guard topLevelNames.insert(SwiftNaming.bare(preferred)) else {
                error(
                    "x-swift-name '\(preferred)' is already the name of another generated declaration",
                    at: named.schema.extensionLocations["x-swift-name"] ?? named.schema.location,
                    path: named.schema.path)
                continue
            }
            componentTypeNames[named.name] = preferred
        }
        for named in document.schemas where componentTypeNames[named.name] == nil {
            componentTypeNames[named.name] = SwiftNaming.unique(SwiftNaming.typeName(named.name), in: &topLevelNames)
        }
        for named in document.schemas where stringEnumCases(named.schema) != nil && !isOverridden(named.name) {
            if let name = componentTypeNames[named.name] { openEnumNames.insert(name) }
        }
        // A group's namespace inside `Endpoints` hides every top-level type of its name from the endpoints.
        var namespaces: SwiftNames = []
        for index in groupNames.indices where !groupNames[index].typeStem.isEmpty {
            let stem = groupNames[index].typeStem
            let preferred = topLevelNames.contains(stem) ? stem + "Operations" : stem
            groupNames[index].namespace = SwiftNaming.unique(preferred, in: &namespaces, avoiding: topLevelNames)
        }
        addImplicitAlternatives()
        inheritParentsWithoutAlternatives()
        boundCompositionDepth()
    }

    /// `x-swift-client-name`, else the module name without a trailing `API`, plus `Client`
    /// (`PyrusAPI` → `PyrusClient`).
    static func clientName(document: Document, moduleName: String) -> String {
        if case .string(let name)? = document.extensions["x-swift-client-name"] {
            return SwiftNaming.typeName(name)
        }
        var stem = SwiftNaming.typeName(moduleName)
        if stem.hasSuffix("API"), stem.count > 3 { stem.removeLast(3) }
        return stem + "Client"
    }

    /// `PyrusClient` → `Pyrus`: the stem of the names derived from the client's (`PyrusService`, `PyrusServer`).
    static func stem(ofClient clientName: String) -> String {
        clientName.hasSuffix("Client") ? String(clientName.dropLast(6)) : clientName
    }

    /// One set of names per first tag, in spec order, then the untagged operations' plan if there are any.
    static func nameGroups(_ document: Document, clientName: String, taken: inout SwiftNames) -> [SwiftGroupNames] {
        var plans: [SwiftGroupNames] = []
        var properties = SwiftNames(ReservedNames.clientMembers)
        var hasUntagged = false
        var tags: Set<String> = []
        for operation in document.operations {
            guard let tag = operation.tags.first else {
                hasUntagged = true
                continue
            }
            guard tags.insert(tag).inserted else { continue }
            let stem = SwiftNaming.typeName(tag)
            plans.append(
                SwiftGroupNames(
                    tag: tag, typeStem: stem, namespace: stem,
                    apiName: SwiftNaming.unique(stem + "API", in: &taken),
                    serviceName: SwiftNaming.unique(stem + "Service", in: &taken),
                    propertyName: SwiftNaming.unique(SwiftNaming.memberName(tag), in: &properties)))
        }
        if hasUntagged {
            plans.append(
                SwiftGroupNames(
                    tag: nil, typeStem: "", namespace: "", apiName: clientName,
                    serviceName: SwiftNaming.unique(stem(ofClient: clientName) + "Service", in: &taken),
                    propertyName: ""))
        }
        return plans
    }

    /// A declaration's `x-swift-name`, checked to be a usable identifier; a located error and nil when it is not.
    mutating func explicitName(of schema: Schema, isTypeName: Bool) -> String? {
        explicitName(
            schema.extensions["x-swift-name"], at: schema.extensionLocations["x-swift-name"] ?? schema.location,
            path: schema.path, isTypeName: isTypeName)
    }

    mutating func explicitName(_ value: JSON?, at location: SourceLocation, path: String, isTypeName: Bool)
        -> String?
    {
        guard let value else { return nil }
        guard case .string(let name) = value else {
            error("x-swift-name must be a string", at: location, path: path)
            return nil
        }
        if let problem = SwiftNaming.problem(withExplicitName: name, isTypeName: isTypeName) {
            error(problem, at: location, path: path)
            return nil
        }
        return SwiftNaming.safeIdentifier(name, reserved: [])
    }

    mutating func error(_ message: String, at schema: Schema) {
        diagnostics.append(Diagnostic(.error, message, at: schema.location, path: schema.path))
    }

    mutating func error(_ message: String, at location: SourceLocation, path: String) {
        diagnostics.append(Diagnostic(.error, message, at: location, path: path))
    }

    /// A located warning that a construct without a natural Swift form is generated as `fallback`: the one way the
    /// mapping says so, so that a spec is never refused for being expressive.
    mutating func fallBack(_ reason: String, to fallback: String, at schema: Schema) {
        fallBack(reason, to: fallback, at: schema.location, path: schema.path)
    }

    mutating func fallBack(_ reason: String, to fallback: String, at location: SourceLocation, path: String) {
        warnings.append(Diagnostic(.warning, "\(reason); generated as \(fallback)", at: location, path: path))
    }

    /// Located warnings: what generates, but not as the spec might expect (a fallback was used).
    var warnings: [Diagnostic] = []

    /// A server's URL when it is absolute (generated code needs one to default to); otherwise a located warning.
    /// The schemes a generated client can fill in (HTTP bearer and basic, API keys, and the bearer tokens of OAuth 2
    /// and OpenID Connect), and which of them each operation accepts; nil when the spec has none.
    /// The schemes the client can send and, per operation, the alternatives of the spec's `security` made only of
    /// them. A scheme the client cannot send (HTTP digest, mutual TLS) is a warning, and the alternatives that need it
    /// are left out: an operation that accepts only it is sent without a credential.
    mutating func security(of groups: [SwiftGroup]) -> SwiftSecurity? {
        var schemes: [(name: String, expression: String)] = []
        for scheme in document.securitySchemes {
            let expression: String
            switch (scheme.type, scheme.scheme?.lowercased()) {
            case ("http", "bearer"), ("oauth2", _), ("openIdConnect", _): expression = ".bearer"
            case ("http", "basic"): expression = ".basic"
            case ("apiKey", _):
                guard let name = scheme.keyName, let location = scheme.keyLocation else { continue }
                expression = ".apiKey(name: \(name.swiftLiteral), in: .\(location))"
            case (let type, _) where !["http", "mutualTLS"].contains(type):
                continue  // A type of another vocabulary: the loader said so where the spec writes it.
            default:
                let path = JSONPointer.fragment(["components", "securitySchemes", scheme.name])
                let kind = scheme.type == "http" ? "HTTP '\(scheme.scheme ?? "")'" : "'\(scheme.type)'"
                warnings.append(
                    Diagnostic(
                        .warning,
                        "security scheme '\(scheme.name)' is \(kind), which the client cannot send; requirements "
                            + "that need it are left out, so an operation that accepts only it is sent without a "
                            + "credential",
                        at: document.location(of: path) ?? SourceLocation(file: document.file, line: 1, column: 1),
                        path: path))
                continue
            }
            schemes.append((scheme.name, expression))
        }
        guard !schemes.isEmpty else { return nil }
        let known = Set(schemes.map(\.name))
        var requirements: [(operationID: String, alternatives: [[String]])] = []
        let specOperations = Dictionary(
            document.operations.map { ($0.operationID ?? "\($0.method.rawValue) \($0.path)", $0) },
            uniquingKeysWith: { first, _ in first })
        for operation in groups.flatMap(\.operations) {
            let alternatives =
                (specOperations[operation.operationID]?.securityRequirements ?? document.securityRequirements)
                .filter { $0.allSatisfy(known.contains) }
            // Listed when some alternative sends a credential; `[]` among them lets the request go without one.
            if alternatives.contains(where: { !$0.isEmpty }) {
                requirements.append((operation.operationID, alternatives))
            }
        }
        return SwiftSecurity(schemes: schemes, requirements: requirements)
    }

    /// The first server's template and variables, when it has variables and its default URL is absolute.
    func serverTemplate(of server: Document.Server?) -> SwiftServerTemplate? {
        guard let server, !server.variables.isEmpty,
            let url = URL(string: server.defaultURL), url.scheme != nil, url.host != nil
        else { return nil }
        var names = SwiftNames(ReservedNames.locals)
        let variables = server.variables.map { variable in
            SwiftServerTemplate.Variable(
                name: variable.name, swiftName: SwiftNaming.unique(SwiftNaming.memberName(variable.name), in: &names),
                defaultValue: variable.defaultValue, allowedValues: variable.allowedValues,
                documentation: variable.description)
        }
        return SwiftServerTemplate(template: server.url, variables: variables)
    }

    mutating func absoluteURL(of server: Document.Server?) -> String? {
        guard let server else { return nil }
        let filled = server.defaultURL
        if let url = URL(string: filled), url.scheme != nil, url.host != nil { return filled }
        warnings.append(
            Diagnostic(
                .warning,
                "server URL \(filled.swiftLiteral) is not an absolute URL, so the generated client has no "
                    + "default server; callers pass one",
                at: server.location, path: server.path))
        return nil
    }

    /// The whole document as one value, in the one order the mapping needs: component declarations first (their
    /// names are taken), then the operations (whose inline body types are declared on the way), then what depends
    /// on both.
    /// Whether the user maps the component schema to a type of their own (`typeOverrides`).
    func isOverridden(_ schemaName: String) -> Bool {
        typeOverrides.schemas[schemaName] != nil
    }

    static func map(
        _ document: Document, moduleName: String, typeOverrides: CodegenConfiguration.TypeOverrides = .init()
    ) throws(SpecError) -> SwiftModule {
        var mapper = TypeMapper(document: document, moduleName: moduleName, typeOverrides: typeOverrides)
        var declarations = mapper.declarations()
        var groups = mapper.groups()
        declarations += mapper.inlineDeclarations
        var dropped: [RecursionBoxing.DroppedAlternative] = []
        var wrapped: [SwiftChoice] = []
        declarations = RecursionBoxing.wrappingAliasCycles(declarations, wrapped: &wrapped)
        declarations = mapper.resolvingDefaults(declarations)
        groups = refreshingFields(groups, from: declarations)
        declarations = RecursionBoxing.breakingCycles(declarations, dropped: &dropped)
        for choice in wrapped {
            let start = SourceLocation(file: document.file, line: 1, column: 1)
            let location = document.location(of: choice.specPath) ?? start
            guard let only = choice.cases.first, only.type != .named("JSONValue") else {
                mapper.fallBack(
                    "'\(choice.name)' is only itself (through references and single alternatives), so it says "
                        + "nothing of the value", to: "JSONValue", at: location, path: choice.specPath)
                continue
            }
            mapper.fallBack(
                "'\(choice.name)' contains itself through arrays and maps only, which a Swift type alias cannot say",
                to: "an enum of one case, '\(choice.name).\(only.name)(\(only.type.text))'", at: location,
                path: choice.specPath)
        }
        for alternative in dropped {
            let start = SourceLocation(file: document.file, line: 1, column: 1)
            mapper.fallBack(
                "alternative '\(alternative.caseName)' of '\(alternative.choice.name)' leads back to it without "
                    + "reading any part of the value, so it adds nothing and would decode forever",
                to: "'\(alternative.choice.name)' without it",
                at: document.location(of: alternative.choice.specPath) ?? start, path: alternative.choice.specPath)
        }
        let security = mapper.security(of: groups)
        let module = SwiftModule(
            declarations: declarations, groups: groups, clientName: mapper.clientName,
            defaultServerURL: mapper.absoluteURL(of: document.servers.first),
            serverTemplate: mapper.serverTemplate(of: document.servers.first), security: security,
            serverName: mapper.serverName, warnings: mapper.warnings)
        guard mapper.diagnostics.isEmpty else {
            // A path-level parameter is mapped once per operation: its problem is reported once.
            var seen: Set<String> = []
            let unique = mapper.diagnostics.filter { seen.insert($0.description).inserted }
            throw SpecError(diagnostics: unique.sorted { $0.location < $1.location })
        }
        return module
    }
}
